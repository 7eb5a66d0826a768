//! Authing's `/api/v3` answer: `{ statusCode, message, apiCode?, requestId?, data }`. `statusCode`
//! 200 means success whatever the HTTP status; anything else is an `api_error` that keeps the details.

use super::error::{ApiDetails, Error, ErrorCode, Message, Result};
use super::json::Fields;
use crate::prelude::*;

/// The envelope's `data` on success, whatever its type (a list of identity sources is an array); an
/// absent or null `data` reads as the envelope itself being empty.
pub fn data<F: Fields>(envelope: &F) -> Result<Option<&F>> {
    match envelope.number("statusCode") {
        Some(200.0) => Ok(envelope.member("data")),
        Some(code) => Err(api_error(envelope, code)),
        None => Err(Error::new(ErrorCode::NetworkError, Message::ApiNoStatusCode)),
    }
}

fn api_error<F: Fields>(envelope: &F, status_code: f64) -> Error {
    let message = envelope.string("message");
    let mut e = Error::new(ErrorCode::ApiError, Message::ApiRefused).and(message.as_deref().unwrap_or("no message"));
    e.api = Some(Box::new(ApiDetails {
        status_code,
        api_code: envelope.number("apiCode"),
        request_id: envelope.string("requestId"),
        data: envelope.member("data").map(Fields::to_json),
    }));
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::json::testing::json;

    #[test]
    fn success_hands_over_data() {
        let envelope = json(r#"{"statusCode":200,"message":"ok","data":{"qrcodeId":"q1","url":"u"}}"#);
        let d = data(&envelope).unwrap().unwrap();
        assert_eq!(d.string("qrcodeId").as_deref(), Some("q1"));
        assert!(data(&json(r#"{"statusCode":200,"message":"ok"}"#)).unwrap().is_none());
        assert!(data(&json(r#"{"statusCode":200,"message":"ok","data":null}"#)).unwrap().is_none());
        let sources = json(r#"{"statusCode":200,"message":"ok","data":[{"identifier":"github"}]}"#);
        assert_eq!(data(&sources).unwrap().unwrap().0.as_array().map(Vec::len), Some(1));
    }

    #[test]
    fn an_error_envelope_keeps_its_details() {
        let e =
            data(&json(r#"{"statusCode":400,"message":"账号不存在","apiCode":2004,"requestId":"r-1"}"#)).unwrap_err();
        assert_eq!(e.code, ErrorCode::ApiError);
        assert!(e.text().ends_with("账号不存在"));
        assert_eq!(
            e.api,
            Some(Box::new(ApiDetails {
                status_code: 400.0,
                api_code: Some(2004.0),
                request_id: Some("r-1".into()),
                data: None
            }))
        );
        // Authing's MFA answer: its data (the mfaToken) goes with the error.
        let e =
            data(&json(r#"{"statusCode":400,"apiCode":1636,"message":"MFA","data":{"mfaToken":"m"}}"#)).unwrap_err();
        assert_eq!(e.api.unwrap().data.as_deref(), Some(r#"{"mfaToken":"m"}"#));
        let e = data(&json(r#"{"message":"Not Found"}"#)).unwrap_err();
        assert_eq!(e.code, ErrorCode::NetworkError);
    }
}
