//! The optional features: serde, `http::Uri` and `url::Url`. Run with
//! `cargo test --all-features`; without a feature its tests are left out.

#[cfg(feature = "serde")]
mod serde_feature {
    use serde::Deserialize;
    use token_url::{Origin, SecurityToken, cpurl, find_token};

    /// The JSON reply to `POST /login/?login_only=1`.
    #[derive(Deserialize)]
    struct LoginReply {
        status: u8,
        redirect: String,
        security_token: SecurityToken,
    }

    const REPLY: &str = r#"{
        "status": 1,
        "message": "LOGIN_OK",
        "redirect": "/cpsess0123456789/frontend/jupiter/index.html?login=1&post_login=12",
        "security_token": "/cpsess0123456789"
    }"#;

    #[test]
    fn login_reply_reads_token() {
        let reply: LoginReply = serde_json::from_str(REPLY).unwrap();
        let expected = SecurityToken::parse("/cpsess0123456789").unwrap();
        assert_eq!(reply.status, 1);
        assert_eq!(reply.security_token, expected);
        assert_eq!(find_token(&reply.redirect), Some(expected));
    }

    #[test]
    fn token_accepts_all_forms() {
        for (json, expected) in [
            (r#""/cpsess42""#, "/cpsess42"),
            (r#""cpsess42""#, "/cpsess42"),
            (r#""\/cpsess42""#, "/cpsess42"),
            (r#""""#, ""),
        ] {
            let token: SecurityToken = serde_json::from_str(json).unwrap();
            assert_eq!(token.as_str(), expected, "json {json}");
        }
    }

    #[test]
    fn token_rejects_invalid_value() {
        for json in [r#""/cpsess98765x""#, r#""/token98765""#, r#""/cpsess""#] {
            let message = serde_json::from_str::<SecurityToken>(json)
                .unwrap_err()
                .to_string();
            assert!(message.contains("invalid security token"), "{message}");
            assert!(!message.contains("98765"), "{message}");
        }
    }

    #[test]
    fn token_rejects_non_string() {
        let message = serde_json::from_str::<SecurityToken>("42")
            .unwrap_err()
            .to_string();
        assert!(message.contains("a security token"), "{message}");
    }

    #[test]
    fn token_url_serializes_as_string() {
        let token = SecurityToken::parse("/cpsess42").unwrap();
        let url = cpurl!(token = &token, "/execute/Email/list_pops?skip=2");
        assert_eq!(
            serde_json::to_string(&url).unwrap(),
            r#""/cpsess42/execute/Email/list_pops?skip=2""#
        );
    }

    #[test]
    fn origin_round_trips() {
        let origin = Origin::whm("[::1]").unwrap();
        let json = serde_json::to_string(&origin).unwrap();
        assert_eq!(json, r#""https://[::1]:2087""#);
        assert_eq!(serde_json::from_str::<Origin>(&json).unwrap(), origin);
    }

    #[test]
    fn origin_rejects_invalid_value() {
        let message = serde_json::from_str::<Origin>(r#""https://user@h""#)
            .unwrap_err()
            .to_string();
        assert!(message.contains("userinfo"), "{message}");
    }
}

#[cfg(feature = "http")]
mod http_feature {
    use token_url::{SecurityToken, cpurl, set_token};

    fn token() -> SecurityToken {
        SecurityToken::parse("/cpsess42").unwrap()
    }

    #[test]
    fn absolute_url_converts() {
        let url = cpurl!(
            token = &token(),
            "https://[::1]:2087/json-api/version?api.version=1"
        );
        let uri = http::Uri::try_from(&url).unwrap();
        assert_eq!(uri.scheme_str(), Some("https"));
        assert_eq!(uri.host(), Some("[::1]"));
        assert_eq!(uri.port_u16(), Some(2087));
        assert_eq!(uri.path(), "/cpsess42/json-api/version");
        assert_eq!(uri.query(), Some("api.version=1"));
        assert_eq!(http::Uri::try_from(url.clone()).unwrap(), uri);
    }

    #[test]
    fn relative_url_drops_fragment() {
        let url = cpurl!(token = &token(), "/execute/Email/list_pops#top");
        let uri = http::Uri::try_from(url).unwrap();
        assert_eq!(uri.scheme_str(), None);
        assert_eq!(uri.to_string(), "/cpsess42/execute/Email/list_pops");
    }

    #[test]
    fn unencoded_space_fails() {
        let url = set_token("/a b", &token()).unwrap();
        assert!(http::Uri::try_from(&url).is_err());
    }
}

#[cfg(feature = "url")]
mod url_feature {
    use token_url::{SecurityToken, cpurl};

    fn token() -> SecurityToken {
        SecurityToken::parse("/cpsess42").unwrap()
    }

    #[test]
    fn absolute_url_converts() {
        let url = cpurl!(
            token = &token(),
            "https://Example.com:443/execute/Email/list_pops?x=1#f"
        );
        let parsed = url::Url::try_from(&url).unwrap();
        assert_eq!(
            parsed.as_str(),
            "https://example.com/cpsess42/execute/Email/list_pops?x=1#f"
        );
        assert_eq!(url::Url::try_from(url).unwrap(), parsed);
    }

    #[test]
    fn relative_url_fails() {
        let url = cpurl!(token = &token(), "/execute/Email/list_pops");
        assert_eq!(
            url::Url::try_from(url),
            Err(url::ParseError::RelativeUrlWithoutBase)
        );
    }
}
