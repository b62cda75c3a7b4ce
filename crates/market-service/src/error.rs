//! API errors: a status, a stable machine code, a message for people that names the field, and
//! the field itself. Every failure the API reports is one of these, as JSON.

use axum::extract::rejection::{
    BytesRejection, FailedToBufferBody, JsonRejection, PathRejection, QueryRejection,
};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// An error as the API reports it.
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable code, such as `invalid_field`.
    pub code: &'static str,
    /// What went wrong and what to do, for people.
    pub message: String,
    /// The request field at fault, when there is one (`beds.nursing.occupied`).
    pub field: Option<String>,
}

/// The JSON body of every error response.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// One error.
#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable code: `invalid_field`, `invalid_json`, `not_signed_in`, `forbidden`, `not_found`,
    /// `version_conflict`, `too_many_attempts`, `invalid_credentials`, `conflict`, `internal`…
    pub code: String,
    /// A sentence for people, naming the field.
    pub message: String,
    /// The field at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl ApiError {
    /// An error with no particular field.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            field: None,
        }
    }

    /// 422: a field's value breaks a rule.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> ApiError {
        ApiError {
            field: Some(field.into()),
            ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_field", message)
        }
    }

    /// 422: an uploaded file cannot be read at all (a missing column, broken quoting).
    pub fn invalid_file(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_file", message).at("file")
    }

    /// 404 for a named thing.
    pub fn not_found(what: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", what)
    }

    /// 401: the request needs a signed-in user.
    pub fn not_signed_in() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "not_signed_in",
            "Sign in to do this.",
        )
    }

    /// 403: signed in, but not allowed.
    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    /// 408: the request's body stopped arriving (it paused for longer than the service waits,
    /// or the connection broke).
    pub fn body_timeout() -> ApiError {
        ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "body_timeout",
            "The request's body stopped arriving before it was complete, so it was not read.",
        )
    }

    /// Whether a failure to read a body was its size limit (rather than a pause or a broken
    /// connection).
    pub fn is_length_limit(error: &(dyn std::error::Error + 'static)) -> bool {
        let mut cause = Some(error);
        while let Some(e) = cause {
            if e.is::<http_body_util::LengthLimitError>() {
                return true;
            }
            cause = e.source();
        }
        false
    }

    /// Attaches the field at fault.
    pub fn at(mut self, field: impl Into<String>) -> ApiError {
        self.field = Some(field.into());
        self
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.into(),
                message: self.message,
                field: self.field,
            },
        };
        (self.status, axum::Json(body)).into_response()
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> ApiError {
        tracing::error!(error = %e, "database error");
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "database_unavailable",
            "The database could not complete the request; try again shortly.",
        )
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> ApiError {
        let status = match &r {
            JsonRejection::MissingJsonContentType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            JsonRejection::BytesRejection(BytesRejection::FailedToBufferBody(
                FailedToBufferBody::LengthLimitError(_),
            )) => StatusCode::PAYLOAD_TOO_LARGE,
            JsonRejection::BytesRejection(_) => return ApiError::body_timeout(),
            // Well-formed JSON of the wrong shape (a missing field, a value out of its type's
            // range): the request is understood and refused, as axum does.
            JsonRejection::JsonDataError(_) => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::BAD_REQUEST,
        };
        // serde's text names the field ("missing field `week`", "invalid value … at line 1").
        let mut e = ApiError::new(status, "invalid_json", r.body_text());
        if let Some(field) = field_in_serde_message(&e.message) {
            e.field = Some(field);
        }
        e
    }
}

impl From<PathRejection> for ApiError {
    fn from(r: PathRejection) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_path", r.body_text())
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> ApiError {
        let mut e = ApiError::new(StatusCode::BAD_REQUEST, "invalid_query", r.body_text());
        e.field = field_in_serde_message(&e.message);
        e
    }
}

/// The field a serde message names: "missing field `week`" or "`beds.nursing`: …" (the path
/// axum prefixes to a deserialisation error).
fn field_in_serde_message(message: &str) -> Option<String> {
    if let Some(rest) = message.split("missing field `").nth(1) {
        return rest.split('`').next().map(str::to_string);
    }
    let after_colon = message.split_once(": ")?.1;
    let (path, _) = after_colon.split_once(": ")?;
    (!path.contains(' ') && !path.is_empty()).then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::field_in_serde_message;

    #[test]
    fn the_field_is_found_in_serde_messages() {
        assert_eq!(
            field_in_serde_message("Failed to deserialize the JSON body into the target type: missing field `week` at line 1 column 2").as_deref(),
            Some("week")
        );
        assert_eq!(
            field_in_serde_message("Failed to deserialize the JSON body into the target type: beds.nursing.occupied: invalid type: string \"x\", expected u32 at line 1 column 9").as_deref(),
            Some("beds.nursing.occupied")
        );
        assert_eq!(field_in_serde_message("EOF while parsing"), None);
    }
}
