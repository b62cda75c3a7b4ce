//! Signing in to the live service, with errors in the GOV.UK pattern: a summary that links to
//! the field, and the message at the field.

use crate::components::page_title::use_page_title;
use crate::data_context::use_data;
use crate::router::use_location;
use crate::service::{self, Refusal};
use leptos::prelude::*;

/// The sign-in form (or, on static hosting, why there is none).
#[component]
pub fn SignInPage() -> impl IntoView {
    use_page_title("Sign in");
    let data = use_data();
    let username = NodeRef::<leptos::html::Input>::new();
    let password = NodeRef::<leptos::html::Input>::new();
    let summary = NodeRef::<leptos::html::Div>::new();
    let refusal = RwSignal::new(None::<Refusal>);
    let busy = RwSignal::new(false);
    let location = use_location();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(u), Some(p)) = (username.get_untracked(), password.get_untracked()) else {
            return;
        };
        let (u, p) = (u.value(), p.value());
        let missing = if u.trim().is_empty() {
            Some(("username", "Enter your username"))
        } else if p.is_empty() {
            Some(("password", "Enter your password"))
        } else {
            None
        };
        if let Some((field, message)) = missing {
            refusal.set(Some(Refusal {
                code: String::new(),
                message: message.into(),
                field: Some(field.into()),
            }));
            focus_summary(summary);
            return;
        }
        let Some(api) = data.api.get_untracked() else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match service::sign_in(&api, &u, &p).await {
                Ok(user) => {
                    data.user.set(Some(user));
                    data.reload();
                    location.go("/", false);
                }
                Err(r) => {
                    refusal.set(Some(r));
                    busy.set(false);
                    focus_summary(summary);
                }
            }
        });
    };

    let error_at = move |field: &'static str| {
        move || {
            refusal
                .get()
                .filter(|r| r.field.as_deref() == Some(field))
                .map(|r| view! { <p class="field-error" id=format!("{field}-error")><span class="visually-hidden">"Error: "</span>{r.message}</p> })
        }
    };
    let described = move |field: &'static str| {
        move || {
            refusal
                .with(|r| {
                    r.as_ref()
                        .is_some_and(|r| r.field.as_deref() == Some(field))
                })
                .then(|| format!("{field}-error"))
        }
    };

    view! {
        <div class="page page--narrow">
            <h1>"Sign in"</h1>
            {move || (!data.live.get()).then(|| view! {
                <p>"This copy of Care Market is read-only: signing in needs the live data service."</p>
            })}
            <div hidden=move || !data.live.get()>
                <div node_ref=summary tabindex="-1" class="error-summary" role="alert" hidden=move || refusal.with(Option::is_none)>
                    <h2 class="error-summary__title">"There is a problem"</h2>
                    <ul>
                        {move || refusal.get().map(|r| {
                            let href = format!("#{}", r.field.clone().unwrap_or_else(|| "username".into()));
                            view! { <li><a href=href>{r.message}</a></li> }
                        })}
                    </ul>
                </div>
                <form class="form" on:submit=submit novalidate>
                    <div class="field">
                        <label for="username">"Username"</label>
                        {error_at("username")}
                        <input id="username" name="username" node_ref=username autocomplete="username"
                            autocapitalize="none" spellcheck="false" aria-describedby=described("username")/>
                    </div>
                    <div class="field">
                        <label for="password">"Password"</label>
                        {error_at("password")}
                        <input id="password" name="password" type="password" node_ref=password
                            autocomplete="current-password" aria-describedby=described("password")/>
                    </div>
                    <button type="submit" class="button" disabled=move || busy.get()>"Sign in"</button>
                </form>
            </div>
        </div>
    }
}

fn focus_summary(summary: NodeRef<leptos::html::Div>) {
    request_animation_frame(move || {
        if let Some(el) = summary.get_untracked() {
            let _ = el.focus();
        }
    });
}
