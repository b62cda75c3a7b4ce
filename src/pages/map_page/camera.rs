//! Moving about the map: the camera (zoom and pan), the toolbar's buttons, and pointer gestures
//! (drag pans, two fingers pinch-zoom, the wheel zooms).

use super::vacancy_map::{HEIGHT, WIDTH};
use leptos::ev;
use leptos::prelude::*;

/// The furthest in the map zooms.
const MAX_ZOOM: f64 = 24.0;

/// Zoom and pan: the drawing is scaled by `zoom` about the origin, then moved by `pan`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Camera {
    zoom: f64,
    pan: (f64, f64),
}

impl Camera {
    /// The whole footprint in view.
    pub const HOME: Camera = Camera {
        zoom: 1.0,
        pan: (0.0, 0.0),
    };

    /// Zooms by `factor` keeping drawing point `at` (in screen units of the drawing) still.
    pub fn zoomed(self, factor: f64, at: (f64, f64)) -> Camera {
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

    /// Moves the drawing by `(dx, dy)` drawing units.
    pub fn panned(self, dx: f64, dy: f64) -> Camera {
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

    /// The SVG transform that shows the drawing through this camera.
    pub fn transform(self) -> String {
        format!(
            "translate({:.2} {:.2}) scale({:.4})",
            self.pan.0, self.pan.1, self.zoom
        )
    }

    /// How far in the map is zoomed (1 shows the whole footprint).
    pub fn zoom(self) -> f64 {
        self.zoom
    }

    /// Screen position (drawing units) of a projected point.
    pub fn apply(self, (x, y): (f64, f64)) -> (f64, f64) {
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

/// Zooms the map by `factor` about the middle of the drawing.
pub fn zoom_by(camera: RwSignal<Camera>, factor: f64) {
    camera.update(|c| *c = c.zoomed(factor, (WIDTH / 2.0, HEIGHT / 2.0)));
}

/// Pans the map by `(dx, dy)` drawing units.
pub fn pan_by(camera: RwSignal<Camera>, dx: f64, dy: f64) {
    camera.update(|c| *c = c.panned(dx, dy));
}

/// The map's toolbar: zoom, pan and reset buttons.
#[component]
pub fn MapTools(camera: RwSignal<Camera>) -> impl IntoView {
    view! {
        <div class="map-tools" role="toolbar" aria-label="Map view">
            {TOOLS.into_iter().map(|(text, label, tool)| view! {
                <button type="button" class="button button--icon" aria-label=label on:click=move |_| match tool {
                    Tool::ZoomIn => zoom_by(camera, 1.5),
                    Tool::ZoomOut => zoom_by(camera, 1.0 / 1.5),
                    Tool::Pan(dx, dy) => pan_by(camera, dx, dy),
                    Tool::Reset => camera.set(Camera::HOME),
                }>{text}</button>
            }).collect_view()}
        </div>
    }
}

/// Pointers on the map: one dragged pans it, two pinched zoom it; the wheel zooms.
#[derive(Clone, Copy)]
pub struct Gestures {
    svg: NodeRef<leptos::svg::Svg>,
    camera: RwSignal<Camera>,
    /// The pointers down: ID and position in drawing units.
    pointers: StoredValue<Vec<(i32, f64, f64)>>,
    /// How far the current drag has moved, in drawing units.
    dragged: StoredValue<f64>,
}

impl Gestures {
    /// Gestures on the map drawn in `svg`, moving `camera`.
    pub fn new(svg: NodeRef<leptos::svg::Svg>, camera: RwSignal<Camera>) -> Gestures {
        Gestures {
            svg,
            camera,
            pointers: StoredValue::new(Vec::new()),
            dragged: StoredValue::new(0.0),
        }
    }

    /// A pointer's client position in drawing units.
    fn to_drawing(self, client_x: f64, client_y: f64) -> Option<(f64, f64)> {
        let svg = self.svg.get_untracked()?;
        let rect = svg.get_bounding_client_rect();
        let scale = WIDTH / rect.width().max(1.0);
        Some((
            (client_x - rect.left()) * scale,
            (client_y - rect.top()) * scale,
        ))
    }

    /// Whether the pointers moved far enough to be a drag or pinch rather than a click.
    pub fn moved_map(self) -> bool {
        self.dragged.get_value() > 4.0
    }

    /// A pointer goes down.
    pub fn down(self, e: ev::PointerEvent) {
        if let Some(p) = self.to_drawing(f64::from(e.client_x()), f64::from(e.client_y())) {
            self.pointers
                .update_value(|ps| ps.push((e.pointer_id(), p.0, p.1)));
            if self.pointers.with_value(Vec::len) == 1 {
                self.dragged.set_value(0.0);
            }
        }
    }

    /// A pointer moves: one pans (once it has moved a little), two zoom about their midpoint.
    pub fn moved(self, e: ev::PointerEvent) {
        let Some(p) = self.to_drawing(f64::from(e.client_x()), f64::from(e.client_y())) else {
            return;
        };
        let before = self.pointers.with_value(|ps| ps.clone());
        let Some(k) = before.iter().position(|(id, ..)| *id == e.pointer_id()) else {
            return;
        };
        match before.as_slice() {
            [(_, x, y)] => {
                let (dx, dy) = (p.0 - x, p.1 - y);
                self.dragged.update_value(|d| *d += dx.abs() + dy.abs());
                if self.moved_map() {
                    pan_by(self.camera, dx, dy);
                }
            }
            [a, b] => {
                let other = if k == 0 { b } else { a };
                let old = (before[k].1 - other.1).hypot(before[k].2 - other.2);
                let new = (p.0 - other.1).hypot(p.1 - other.2);
                if old > 0.0 {
                    let mid = ((p.0 + other.1) / 2.0, (p.1 + other.2) / 2.0);
                    self.camera.update(|c| *c = c.zoomed(new / old, mid));
                }
                self.dragged.set_value(100.0);
            }
            _ => {}
        }
        self.pointers
            .update_value(|ps| ps[k] = (e.pointer_id(), p.0, p.1));
    }

    /// A pointer goes up or is cancelled.
    pub fn up(self, e: ev::PointerEvent) {
        self.pointers
            .update_value(|ps| ps.retain(|(id, ..)| *id != e.pointer_id()));
    }

    /// The wheel zooms about the pointer (and the page does not scroll).
    pub fn wheel(self, e: ev::WheelEvent) {
        e.prevent_default();
        if let Some(at) = self.to_drawing(f64::from(e.client_x()), f64::from(e.client_y())) {
            let factor = if e.delta_y() < 0.0 { 1.25 } else { 0.8 };
            self.camera.update(|c| *c = c.zoomed(factor, at));
        }
    }
}
