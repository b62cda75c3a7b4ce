//! The map itself: borough boundaries (optionally shaded), hospitals and a symbol per home, drawn
//! in SVG from the domain's projection. Zoom and pan by buttons, wheel, pinch, drag or keys; arrow
//! keys move between homes and Enter opens one.

use super::MapState;
use leptos::ev;
use leptos::prelude::*;
use market_model::presentation::chart::push_text;
use market_model::primitives::geometry::{centroid, nearest_in_direction, Bounds, MapProjection};
use market_model::returns::capacity_return::BedCategory;
use market_model::returns::home_status::{Freshness, HomeStatus, VacancyClass};
use wasm_bindgen::JsCast;

/// The drawing's size in its own units.
pub const WIDTH: f64 = 800.0;
/// The drawing's height.
pub const HEIGHT: f64 = 720.0;
const MAX_ZOOM: f64 = 24.0;
/// How many classes a shaded map has.
pub const SHADE_CLASSES: usize = 4;

/// The CSS class of a home's symbol: freshness first, then closure, then vacancies.
pub fn symbol_class(status: &HomeStatus<'_>, category: Option<BedCategory>) -> &'static str {
    match status.freshness {
        Freshness::Missing => "home home--missing",
        Freshness::Stale(_) => "home home--stale",
        Freshness::Current if status.is_closed() => "home home--closed",
        Freshness::Current => match VacancyClass::of(status.vacancies(category).unwrap_or(0)) {
            VacancyClass::None => "home home--none",
            VacancyClass::Some => "home home--some",
            VacancyClass::Many => "home home--many",
        },
    }
}

/// Symbol radius for a home of `beds` beds, in drawing units at zoom 1: area grows with beds.
fn radius(beds: u32) -> f64 {
    1.5 + f64::from(beds).sqrt() * 0.6
}

/// Zoom and pan: the drawing is scaled by `zoom` about the origin, then moved by `pan`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Camera {
    zoom: f64,
    pan: (f64, f64),
}

impl Camera {
    const HOME: Camera = Camera {
        zoom: 1.0,
        pan: (0.0, 0.0),
    };

    /// Zooms by `factor` keeping drawing point `at` (in screen units of the drawing) still.
    fn zoomed(self, factor: f64, at: (f64, f64)) -> Camera {
        let zoom = (self.zoom * factor).clamp(1.0, MAX_ZOOM);
        let k = zoom / self.zoom;
        Camera {
            zoom,
            pan: (
                at.0 - (at.0 - self.pan.0) * k,
                at.1 - (at.1 - self.pan.1) * k,
            ),
        }
        .clamped()
    }

    fn panned(self, dx: f64, dy: f64) -> Camera {
        Camera {
            zoom: self.zoom,
            pan: (self.pan.0 + dx, self.pan.1 + dy),
        }
        .clamped()
    }

    /// Keeps some of the drawing in view.
    fn clamped(self) -> Camera {
        let limit = |p: f64, size: f64| p.clamp(size * 0.5 - size * self.zoom, size * 0.5);
        Camera {
            zoom: self.zoom,
            pan: (limit(self.pan.0, WIDTH), limit(self.pan.1, HEIGHT)),
        }
    }

    fn transform(self) -> String {
        format!(
            "translate({:.2} {:.2}) scale({:.4})",
            self.pan.0, self.pan.1, self.zoom
        )
    }

    /// Screen position (drawing units) of a projected point.
    fn apply(self, (x, y): (f64, f64)) -> (f64, f64) {
        (x * self.zoom + self.pan.0, y * self.zoom + self.pan.1)
    }
}

/// What a toolbar button does.
#[derive(Clone, Copy)]
enum Tool {
    ZoomIn,
    ZoomOut,
    Pan(f64, f64),
    Reset,
}

/// The toolbar: symbol, accessible name, action.
const TOOLS: [(&str, &str, Tool); 7] = [
    ("+", "Zoom in", Tool::ZoomIn),
    ("−", "Zoom out", Tool::ZoomOut),
    ("↑", "Pan north", Tool::Pan(0.0, 80.0)),
    ("↓", "Pan south", Tool::Pan(0.0, -80.0)),
    ("←", "Pan west", Tool::Pan(80.0, 0.0)),
    ("→", "Pan east", Tool::Pan(-80.0, 0.0)),
    ("⟲", "Reset view", Tool::Reset),
];

/// The SVG map with its toolbar.
#[component]
pub fn VacancyMap() -> impl IntoView {
    let state = expect_context::<MapState>();
    // The drawing is static markup built once; what changes (symbol classes, shading, closed
    // marks) is updated in place, which keeps both the app small and filtering fast at scale.
    let (markup, positions) = state.data.with_value(|d| {
        let bounds = Bounds::of(d.footprint.boroughs.iter().flat_map(|b| b.boundary.iter().flatten()))
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
                "<circle id=\"home-{i}\" data-i=\"{i}\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.2}\" class=\"home is-hidden\" role=\"img\" aria-label=\"",
                r = radius(h.registered_beds)
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
            if let Some(c) = b.boundary.iter().max_by_key(|r| r.len()).and_then(|r| centroid(r)) {
                let (x, y) = at(c);
                svg.push_str(&format!("<text x=\"{x:.1}\" y=\"{y:.1}\" class=\"borough-label\">"));
                push_text(&mut svg, &b.name);
                svg.push_str("</text>");
            }
        }
        svg.push_str("</g>");
        (svg, positions)
    });
    let positions = StoredValue::new(positions);

    let camera = RwSignal::new(Camera::HOME);
    let active = RwSignal::new(None::<usize>);
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();

    // Per-home symbol classes, recomputed when the week or filters change.
    let classes = Memo::new(move |_| {
        let category = state.view.with(|v| v.filter.category);
        state.data.with_value(|d| {
            state.statuses.with(|rows| {
                let mut shown = vec![false; rows.len()];
                state
                    .shown
                    .with(|s| s.iter().for_each(|&i| shown[i] = true));
                rows.iter()
                    .enumerate()
                    .map(|(i, row)| {
                        if shown[i] {
                            symbol_class(&d.status(i, row), category)
                        } else {
                            "home is-hidden"
                        }
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let closed_shown = Memo::new(move |_| {
        state.statuses.with(|rows| {
            state.shown.with(|s| {
                s.iter()
                    .copied()
                    .filter(|&i| {
                        state.data.with_value(|d| {
                            d.status(i, &rows[i]).is_closed()
                                && rows[i].freshness == Freshness::Current
                        })
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    // Apply symbol classes and borough shading to the static drawing, changing only what differs.
    let drawing = NodeRef::<leptos::svg::G>::new();
    let applied = StoredValue::new(Vec::<&'static str>::new());
    Effect::new(move || {
        let Some(g) = drawing.get() else { return };
        let Ok(Some(homes)) = g.query_selector(".homes") else {
            return;
        };
        let circles = homes.children();
        classes.with(|classes| {
            applied.update_value(|before| {
                before.resize(classes.len(), "");
                for (i, class) in classes.iter().enumerate() {
                    if before[i] != *class {
                        if let Some(c) = circles.item(i as u32) {
                            let _ = c.set_attribute("class", class);
                        }
                        before[i] = class;
                    }
                }
            })
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
    let closed_marks = move || {
        closed_shown.with(|shown| {
            positions.with_value(|p| {
                shown
                    .iter()
                    .map(|&i| {
                        format!(
                            "<path class=\"closed-mark\" d=\"M{:.1} {:.1}l6 6m0 -6l-6 6\"></path>",
                            p[i].0 - 3.0,
                            p[i].1 - 3.0
                        )
                    })
                    .collect::<String>()
            })
        })
    };
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

    let zoom_by =
        move |factor: f64| camera.update(|c| *c = c.zoomed(factor, (WIDTH / 2.0, HEIGHT / 2.0)));
    let pan_by = move |dx: f64, dy: f64| camera.update(|c| *c = c.panned(dx, dy));

    // Converts a pointer's client position to drawing units.
    let to_drawing = move |client_x: f64, client_y: f64| -> Option<(f64, f64)> {
        let svg = svg_ref.get_untracked()?;
        let rect = svg.get_bounding_client_rect();
        let scale = WIDTH / rect.width().max(1.0);
        Some((
            (client_x - rect.left()) * scale,
            (client_y - rect.top()) * scale,
        ))
    };

    // Pointers down on the map: drag pans, two fingers pinch-zoom.
    let pointers = StoredValue::new(Vec::<(i32, f64, f64)>::new());
    let dragged = StoredValue::new(0.0_f64);
    let on_pointer_down = move |e: ev::PointerEvent| {
        if let Some(p) = to_drawing(f64::from(e.client_x()), f64::from(e.client_y())) {
            pointers.update_value(|ps| ps.push((e.pointer_id(), p.0, p.1)));
            if pointers.with_value(Vec::len) == 1 {
                dragged.set_value(0.0);
            }
        }
    };
    let on_pointer_move = move |e: ev::PointerEvent| {
        let Some(p) = to_drawing(f64::from(e.client_x()), f64::from(e.client_y())) else {
            return;
        };
        let before = pointers.with_value(|ps| ps.clone());
        let Some(k) = before.iter().position(|(id, ..)| *id == e.pointer_id()) else {
            return;
        };
        match before.as_slice() {
            [(_, x, y)] => {
                let (dx, dy) = (p.0 - x, p.1 - y);
                dragged.update_value(|d| *d += dx.abs() + dy.abs());
                if dragged.get_value() > 4.0 {
                    pan_by(dx, dy);
                }
            }
            [a, b] => {
                let other = if k == 0 { b } else { a };
                let old = (before[k].1 - other.1).hypot(before[k].2 - other.2);
                let new = (p.0 - other.1).hypot(p.1 - other.2);
                if old > 0.0 {
                    let mid = ((p.0 + other.1) / 2.0, (p.1 + other.2) / 2.0);
                    camera.update(|c| *c = c.zoomed(new / old, mid));
                }
                dragged.set_value(100.0);
            }
            _ => {}
        }
        pointers.update_value(|ps| ps[k] = (e.pointer_id(), p.0, p.1));
    };
    let on_pointer_up = move |e: ev::PointerEvent| {
        pointers.update_value(|ps| ps.retain(|(id, ..)| *id != e.pointer_id()));
    };
    let on_click = move |e: ev::MouseEvent| {
        if dragged.get_value() > 4.0 {
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
    let on_key = move |e: ev::KeyboardEvent| {
        let step = 40.0;
        let direction = match e.key().as_str() {
            "ArrowLeft" => Some((-1.0, 0.0)),
            "ArrowRight" => Some((1.0, 0.0)),
            "ArrowUp" => Some((0.0, -1.0)),
            "ArrowDown" => Some((0.0, 1.0)),
            _ => None,
        };
        match (e.key().as_str(), direction) {
            (_, Some((dx, dy))) if e.shift_key() => pan_by(-dx * step, -dy * step),
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
            ("+" | "=", _) => zoom_by(1.5),
            ("-" | "_", _) => zoom_by(1.0 / 1.5),
            ("0", _) => camera.set(Camera::HOME),
            _ => return,
        }
        e.prevent_default();
    };

    // The wheel zooms; the listener must not be passive, so it can stop the page scrolling.
    let mut wheel = ev::Custom::<ev::WheelEvent>::new("wheel");
    wheel.options_mut().set_passive(false);
    let on_wheel = move |e: ev::WheelEvent| {
        e.prevent_default();
        if let Some(at) = to_drawing(f64::from(e.client_x()), f64::from(e.client_y())) {
            let factor = if e.delta_y() < 0.0 { 1.25 } else { 0.8 };
            camera.update(|c| *c = c.zoomed(factor, at));
        }
    };

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
        let z = camera.get().zoom;
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
            on:keydown=on_key
            on:pointerdown=on_pointer_down
            on:pointermove=on_pointer_move
            on:pointerup=on_pointer_up
            on:pointercancel=on_pointer_up
        >
            <g transform=move || camera.get().transform() node_ref=scaled>
                <g node_ref=drawing inner_html=markup></g>
                <g class="closed-marks" aria-hidden="true" inner_html=closed_marks></g>
                <g inner_html=rings></g>
            </g>
        </svg>
    }
    .into_inner()
    .on(wheel, on_wheel);

    view! {
        <div class="map-frame">
            <div class="map-tools" role="toolbar" aria-label="Map view">
                {TOOLS.into_iter().map(|(text, label, tool)| view! {
                    <button type="button" class="button button--icon" aria-label=label on:click=move |_| match tool {
                        Tool::ZoomIn => zoom_by(1.5),
                        Tool::ZoomOut => zoom_by(1.0 / 1.5),
                        Tool::Pan(dx, dy) => pan_by(dx, dy),
                        Tool::Reset => camera.set(Camera::HOME),
                    }>{text}</button>
                }).collect_view()}
            </div>
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
