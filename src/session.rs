//! Signing in to the live data service, and who is signed in. Static hosting has no sessions.

use serde::{Deserialize, Serialize};

/// The signed-in user, as the service describes them.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SessionUser {
    /// Sign-in name.
    pub username: String,
    /// Name to show.
    pub display_name: String,
    /// admin, commissioner, broker or provider.
    pub role: String,
    /// Homes a provider reports for.
    #[serde(default)]
    pub homes: Vec<String>,
}

/// A refusal from the service: its message and the field at fault.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Refusal {
    /// What to do, for people.
    pub message: String,
    /// The form field it concerns.
    #[serde(default)]
    pub field: Option<String>,
}

#[derive(Deserialize)]
struct ErrorBody {
    error: Refusal,
}

#[derive(Serialize)]
struct Credentials<'a> {
    username: &'a str,
    password: &'a str,
}

/// Sends a request to the service: its status and body, or why it could not be sent.
async fn send(
    request: gloo_net::http::RequestBuilder,
    body: Option<String>,
) -> Result<(u16, String), Refusal> {
    let unreachable = |e: gloo_net::Error| {
        Refusal {
        message: format!("The Care Market service could not be reached ({e}). Check your connection and try again."),
        field: None,
    }
    };
    let request = match body {
        Some(b) => request.header("content-type", "application/json").body(b),
        None => request.build(),
    }
    .map_err(unreachable)?;
    let response = request.send().await.map_err(unreachable)?;
    let text = response.text().await.map_err(unreachable)?;
    Ok((response.status(), text))
}

/// The user the browser's session cookie belongs to, if any.
pub async fn current(api: &str) -> Option<SessionUser> {
    match send(
        gloo_net::http::Request::get(&format!("{api}/session")),
        None,
    )
    .await
    {
        Ok((200, text)) => serde_json::from_str(&text).ok(),
        _ => None,
    }
}

/// Signs in; the service sets the session cookie.
pub async fn sign_in(api: &str, username: &str, password: &str) -> Result<SessionUser, Refusal> {
    let body = serde_json::to_string(&Credentials { username, password }).unwrap_or_default();
    let (status, text) = send(
        gloo_net::http::Request::post(&format!("{api}/session")),
        Some(body),
    )
    .await?;
    let unexpected = |e: serde_json::Error| Refusal {
        message: format!("The service's answer was not understood ({e})."),
        field: None,
    };
    if status == 200 {
        serde_json::from_str(&text).map_err(unexpected)
    } else {
        Err(serde_json::from_str::<ErrorBody>(&text)
            .map_err(unexpected)?
            .error)
    }
}

/// Signs out, ending the session on the service.
pub async fn sign_out(api: &str) -> Result<(), Refusal> {
    send(
        gloo_net::http::Request::delete(&format!("{api}/session")),
        None,
    )
    .await
    .map(|_| ())
}
