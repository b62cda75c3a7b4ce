//! The map itself: borough boundaries (optionally shaded), hospitals and a symbol per home, drawn
//! in SVG from the domain's projection. Zoom and pan by buttons, wheel, pinch, drag or keys; arrow
//! keys move between homes and Enter opens one.

use super::camera::{pan_by, zoom_by, Camera, Gestures, MapTools};
use super::MapState;
use crate::chart::push_text;
use crate::data_source::MarketData;
use leptos::ev;
use leptos::prelude::*;
use market_model::primitives::geometry::{centroid, nearest_in_direction, Bounds, MapProjection};
use market_model::returns::capacity_return::BedCategory;
use market_model::returns::home_status::{Freshness, HomeStatus, VacancyClass};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The drawing's size in its own units.
pub const WIDTH: f64 = 800.0;
/// The drawing's height.
pub const HEIGHT: f64 = 720.0;
/// How many classes a shaded map has.
pub const SHADE_CLASSES: usize = 4;

/// How a home's symbol is drawn: hidden by the filters, or by freshness first, then closure,
/// then vacancies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolClass {
    /// Filtered out.
    Hidden,
    /// No return in the last 12 weeks.
    Missing,
    /// The latest return is from an earlier week.
    Stale,
    /// Closed to admissions this week.
    Closed,
    /// No vacancies this week.
    None,
    /// A few vacancies.
    Some,
    /// Many vacancies.
    Many,
}

impl SymbolClass {
    /// Every class, in declaration order.
    const ALL: [SymbolClass; 7] = [
        SymbolClass::Hidden,
        SymbolClass::Missing,
        SymbolClass::Stale,
        SymbolClass::Closed,
        SymbolClass::None,
        SymbolClass::Some,
        SymbolClass::Many,
    ];

    /// The class of a home with `status`, shown, counting vacancies in `category`.
    pub fn of(status: &HomeStatus<'_>, category: Option<BedCategory>) -> SymbolClass {
        match status.freshness {
            Freshness::Missing => SymbolClass::Missing,
            Freshness::Stale(_) => SymbolClass::Stale,
            Freshness::Current if status.is_closed() => SymbolClass::Closed,
            Freshness::Current => match VacancyClass::of(status.vacancies(category).unwrap_or(0)) {
                VacancyClass::None => SymbolClass::None,
                VacancyClass::Some => SymbolClass::Some,
                VacancyClass::Many => SymbolClass::Many,
            },
        }
    }

    /// The symbol's CSS class attribute.
    pub fn css(self) -> &'static str {
        match self {
            SymbolClass::Hidden => "home is-hidden",
            SymbolClass::Missing => "home home--missing",
            SymbolClass::Stale => "home home--stale",
            SymbolClass::Closed => "home home--closed",
            SymbolClass::None => "home home--none",
            SymbolClass::Some => "home home--some",
            SymbolClass::Many => "home home--many",
        }
    }
}

/// Symbol radius for a home of `beds` beds, in drawing units at zoom 1: area grows with beds.
fn radius(beds: u32) -> f64 {
    1.5 + f64::from(beds).sqrt() * 0.6
}

/// The static drawing as SVG markup (borough boundaries, a hidden symbol per home, hospitals and
/// borough names), and each home's position in it. Built once; filters only change classes.
fn drawing(d: &MarketData) -> (String, Vec<(f64, f64)>) {
    let bounds = Bounds::of(
        d.footprint
            .boroughs
            .iter()
            .flat_map(|b| b.boundary.iter().flatten()),
    )
    .expect("the footprint has boundaries");
    let proj = MapProjection::fit(bounds, WIDTH - 24.0, HEIGHT - 24.0);
    let at = |p| {
        let (x, y) = proj.project(p);
        (x + 12.0, y + 12.0)
    };
    let mut svg = String::from("<g class=\"boroughs\">");
    for b in &d.footprint.boroughs {
        svg.push_str("<path class=\"borough\" d=\"");
        for ring in &b.boundary {
            for (i, p) in ring.iter().enumerate() {
                let (x, y) = at(*p);
                svg.push_str(&format!("{}{x:.1} {y:.1}", if i == 0 { 'M' } else { 'L' }));
            }
            svg.push('Z');
        }
        svg.push_str("\"><title>");
        push_text(&mut svg, &b.name);
        svg.push_str("</title></path>");
    }
    svg.push_str("</g><g class=\"homes\" data-testid=\"home-symbols\">");
    let positions: Vec<(f64, f64)> = d.homes.iter().map(|h| at(h.location)).collect();
    for (i, (h, (x, y))) in d.homes.iter().zip(&positions).enumerate() {
        svg.push_str(&format!(
            "<circle id=\"home-{i}\" data-i=\"{i}\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.2}\" class=\"{hidden}\" role=\"img\" aria-label=\"",
            r = radius(h.registered_beds),
            hidden = SymbolClass::Hidden.css()
        ));
        push_text(&mut svg, &h.name);
        svg.push_str("\"></circle>");
    }
    svg.push_str("</g><g class=\"hospitals\">");
    for h in &d.footprint.hospitals {
        let (x, y) = at(h.location);
        svg.push_str(&format!(
            "<g class=\"hospital\" transform=\"translate({x:.1} {y:.1})\"><rect x=\"-6\" y=\"-6\" width=\"12\" height=\"12\"></rect><path d=\"M-3 -3.5v7M3 -3.5v7M-3 0h6\"></path><title>"
        ));
        push_text(&mut svg, &h.name);
        svg.push_str("</title></g>");
    }
    svg.push_str("</g><g class=\"labels\" aria-hidden=\"true\">");
    for b in &d.footprint.boroughs {
        if let Some(c) = b
            .boundary
            .iter()
            .max_by_key(|r| r.len())
            .and_then(|r| centroid(r))
        {
            let (x, y) = at(c);
            svg.push_str(&format!(
                "<text x=\"{x:.1}\" y=\"{y:.1}\" class=\"borough-label\">"
            ));
            push_text(&mut svg, &b.name);
            svg.push_str("</text>");
        }
    }
    svg.push_str("</g>");
    (svg, positions)
}

/// Each home's symbol class (hidden when filtered out), recomputed when the week or filters change.
fn symbol_classes(state: MapState) -> Memo<Vec<SymbolClass>> {
    Memo::new(move |_| {
        let category = state.view.with(|v| v.filter.category);
        let shown = state.shown_mask();
        state.data.with_value(|d| {
            state.statuses.with(|rows| {
                rows.iter()
                    .enumerate()
                    .map(|(i, row)| {
                        if shown[i] {
                            SymbolClass::of(&d.status(i, row), category)
                        } else {
                            SymbolClass::Hidden
                        }
                    })
                    .collect::<Vec<_>>()
            })
        })
    })
}

/// Marks over the homes shown whose return this week says they are closed to admissions.
fn closed_marks(state: MapState, positions: StoredValue<Vec<(f64, f64)>>) -> Memo<String> {
    Memo::new(move |_| {
        state.statuses.with(|rows| {
            state.shown.with(|shown| {
                state.data.with_value(|d| {
                    positions.with_value(|p| {
                        shown
                            .iter()
                            .filter(|&&i| {
                                d.status(i, &rows[i]).is_closed()
                                    && rows[i].freshness == Freshness::Current
                            })
                            .map(|&i| {
                                format!(
                                    "<path class=\"closed-mark\" d=\"M{:.1} {:.1}l6 6m0 -6l-6 6\"></path>",
                                    p[i].0 - 3.0,
                                    p[i].1 - 3.0
                                )
                            })
                            .collect()
                    })
                })
            })
        })
    })
}

#[wasm_bindgen]
extern "C" {
    /// A home's symbol in the drawing.
    type SymbolElement;
    /// `setAttribute` with strings already in JavaScript.
    #[wasm_bindgen(method, js_name = setAttribute)]
    fn set_attribute(this: &SymbolElement, name: &JsValue, value: &JsValue);
}

/// Keeps the static drawing's symbol classes and borough shading up to date, changing only the
/// symbols whose class differs.
fn restyle(drawing: NodeRef<leptos::svg::G>, classes: Memo<Vec<SymbolClass>>, state: MapState) {
    // Each symbol's element and its class (all hidden as drawn), kept from the first run.
    let mut symbols: Vec<(SymbolElement, SymbolClass)> = Vec::new();
    // The attribute's name and each class as JavaScript strings, made once: passing the text
    // anew for each of thousands of symbols was a third of a filter change's time.
    let attribute = JsValue::from_str("class");
    let texts = SymbolClass::ALL.map(|c| JsValue::from_str(c.css()));
    Effect::new(move || {
        let Some(g) = drawing.get() else { return };
        if symbols.is_empty() {
            let Ok(Some(homes)) = g.query_selector(".homes") else {
                return;
            };
            let circles = homes.children();
            symbols = (0..circles.length())
                .filter_map(|i| circles.item(i))
                .map(|c| (c.unchecked_into(), SymbolClass::Hidden))
                .collect();
        }
        classes.with(|classes| {
            for ((circle, before), &class) in symbols.iter_mut().zip(classes) {
                if *before != class {
                    circle.set_attribute(&attribute, &texts[class as usize]);
                    *before = class;
                }
            }
        });
        let Ok(Some(boroughs)) = g.query_selector(".boroughs") else {
            return;
        };
        let paths = boroughs.children();
        state.shade.with(|shade| {
            for b in 0..paths.length() {
                let class = match shade.as_ref().map(|s| s.classes[b as usize]) {
                    Some(Some(c)) => format!("borough shade-{c}"),
                    Some(None) => "borough shade-none".to_string(),
                    None => "borough".to_string(),
                };
                if let Some(p) = paths.item(b) {
                    let _ = p.set_attribute("class", &class);
                }
            }
        });
    });
}

/// The keyboard on the map: arrows move between the homes shown (Shift and an arrow pans),
/// Enter or Space opens the home reached, + and − zoom, 0 resets.
fn on_key(
    state: MapState,
    camera: RwSignal<Camera>,
    active: RwSignal<Option<usize>>,
    positions: StoredValue<Vec<(f64, f64)>>,
) -> impl Fn(ev::KeyboardEvent) + Copy {
    move |e: ev::KeyboardEvent| {
        let step = 40.0;
        let direction = match e.key().as_str() {
            "ArrowLeft" => Some((-1.0, 0.0)),
            "ArrowRight" => Some((1.0, 0.0)),
            "ArrowUp" => Some((0.0, -1.0)),
            "ArrowDown" => Some((0.0, 1.0)),
            _ => None,
        };
        match (e.key().as_str(), direction) {
            (_, Some((dx, dy))) if e.shift_key() => pan_by(camera, -dx * step, -dy * step),
            (_, Some(dir)) => {
                let cam = camera.get_untracked();
                let from = active
                    .get_untracked()
                    .map(|i| cam.apply(positions.with_value(|p| p[i])))
                    .unwrap_or((WIDTH / 2.0 - dir.0 * WIDTH, HEIGHT / 2.0 - dir.1 * HEIGHT));
                let next = state.shown.with_untracked(|shown| {
                    positions.with_value(|p| {
                        nearest_in_direction(from, dir, shown.iter().map(|&i| (i, cam.apply(p[i]))))
                    })
                });
                if let Some(i) = next {
                    active.set(Some(i));
                }
            }
            ("Enter" | " ", _) => {
                if let Some(i) = active.get_untracked() {
                    state.select(Some(i));
                }
            }
            ("+" | "=", _) => zoom_by(camera, 1.5),
            ("-" | "_", _) => zoom_by(camera, 1.0 / 1.5),
            ("0", _) => camera.set(Camera::HOME),
            _ => return,
        }
        e.prevent_default();
    }
}

/// The SVG map with its toolbar.
#[component]
pub fn VacancyMap() -> impl IntoView {
    let state = expect_context::<MapState>();
    // The drawing is static markup built once; what changes (symbol classes, shading, closed
    // marks) is updated in place, which keeps both the app small and filtering fast at scale.
    let (markup, positions) = state.data.with_value(|d| drawing(d));
    let positions = StoredValue::new(positions);
    let camera = RwSignal::new(Camera::HOME);
    let active = RwSignal::new(None::<usize>);
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    let drawing_ref = NodeRef::<leptos::svg::G>::new();
    restyle(drawing_ref, symbol_classes(state), state);
    let closed = closed_marks(state, positions);
    let rings = move || {
        let ring = |class: &str, i: Option<usize>| {
            i.map(|i| {
                positions.with_value(|p| {
                    format!(
                        "<circle class=\"{class}\" cx=\"{:.1}\" cy=\"{:.1}\"></circle>",
                        p[i].0, p[i].1
                    )
                })
            })
            .unwrap_or_default()
        };
        ring("selected-ring", state.selected.get()) + &ring("active-ring", active.get())
    };

    let gestures = Gestures::new(svg_ref, camera);
    let on_click = move |e: ev::MouseEvent| {
        if gestures.moved_map() {
            return;
        }
        let index = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.get_attribute("data-i"))
            .and_then(|i| i.parse::<usize>().ok());
        if let Some(i) = index {
            active.set(Some(i));
            state.select(Some(i));
        }
    };
    // The wheel's listener must not be passive, so it can stop the page scrolling.
    let mut wheel = ev::Custom::<ev::WheelEvent>::new("wheel");
    wheel.options_mut().set_passive(false);

    let active_label = move || {
        active.get().map(|i| {
            let (name, status) = state.data.with_value(|d| {
                let row = state.statuses.with(|rows| rows[i]);
                (
                    d.homes[i].name.clone(),
                    describe(&d.status(i, &row), state.view.with(|v| v.filter.category)),
                )
            });
            format!("{name}: {status}. Press Enter for details.")
        })
    };

    // Symbols and labels keep their size on screen as the map zooms. Set through the CSS object
    // model, which the Content-Security-Policy allows, unlike inline style attributes.
    let scaled = NodeRef::<leptos::svg::G>::new();
    Effect::new(move || {
        let z = camera.get().zoom();
        if let Some(g) = scaled.get() {
            let style = g.style();
            let _ = style.set_property("--k", &format!("{:.4}", 1.0 / z.sqrt()));
            let _ = style.set_property("--inv", &format!("{:.4}", 1.0 / z));
        }
    });

    let map = view! {
        <svg
            node_ref=svg_ref
            class="map"
            viewBox=format!("0 0 {WIDTH} {HEIGHT}")
            role="group"
            aria-roledescription="map"
            aria-label="Map of care homes in North Central London"
            aria-describedby="map-help"
            aria-activedescendant=move || active.get().map(|i| format!("home-{i}"))
            tabindex="0"
            data-testid="vacancy-map"
            on:click=on_click
            on:keydown=on_key(state, camera, active, positions)
            on:pointerdown=move |e| gestures.down(e)
            on:pointermove=move |e| gestures.moved(e)
            on:pointerup=move |e| gestures.up(e)
            on:pointercancel=move |e| gestures.up(e)
        >
            <g transform=move || camera.get().transform() node_ref=scaled>
                <g node_ref=drawing_ref inner_html=markup></g>
                <g class="closed-marks" aria-hidden="true" inner_html=closed></g>
                <g inner_html=rings></g>
            </g>
        </svg>
    }
    .into_inner()
    .on(wheel, move |e| gestures.wheel(e));

    view! {
        <div class="map-frame">
            <MapTools camera/>
            {map}
            <p id="map-help" class="map-help">
                "Select the map, then use the arrow keys to move between homes and Enter to open one. "
                "Shift and an arrow key pans; + and − zoom; 0 resets. Every home is also in the list below the map."
            </p>
            <p class="visually-hidden" aria-live="polite">{active_label}</p>
        </div>
    }
}

/// A short spoken summary of a home's week.
pub fn describe(status: &HomeStatus<'_>, category: Option<BedCategory>) -> String {
    match status.freshness {
        Freshness::Missing => "no return yet".to_string(),
        Freshness::Stale(n) => format!(
            "latest return {n} {} old",
            if n == 1 { "week" } else { "weeks" }
        ),
        Freshness::Current if status.is_closed() => "closed to admissions".to_string(),
        Freshness::Current => {
            let v = status.vacancies(category).unwrap_or(0);
            format!(
                "{v} vacant {} accepting admissions",
                if v == 1 { "bed" } else { "beds" }
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SymbolClass;

    #[test]
    fn every_class_is_listed_at_its_own_index() {
        for (i, class) in SymbolClass::ALL.into_iter().enumerate() {
            assert_eq!(class as usize, i, "{class:?}");
        }
    }
}
