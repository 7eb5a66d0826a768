//! Signing out: locally in every tab (the session is replaced by a signed-out mark, so no tab signs
//! back in silently), with optional revocation, or at the provider by redirect.

use super::store::Then;
use super::sync::Change;
use super::{Answer, Effect, Engine, Id, Wait};
use crate::core::logout::{end_session_url, LogoutParams};
use crate::core::token::Session;
use crate::core::url::Form;
use crate::prelude::*;

impl Engine {
    pub(super) fn logout(&mut self, id: Id, revoke: bool) {
        self.load(Then::Logout { id, revoke });
    }

    pub(super) fn logout_with_redirect(&mut self, id: Id, redirect_uri: Option<String>, state: Option<String>) {
        self.load(Then::LogoutWithRedirect { id, redirect_uri, state });
    }

    /// The signed-out mark, stored and announced; the write to wait for, if the store is not memory.
    fn sign_out(&mut self) -> Option<Id> {
        let write = self.save_signed_out();
        self.announce(Change::Logout, None);
        write
    }

    /// With `revoke`, the refresh and access tokens are revoked too (best effort: the local session
    /// is gone whatever the provider answers).
    /// `logout` resolves once the store has the signed-out mark and every revocation was answered.
    pub(super) fn signed_out(&mut self, id: Id, session: Option<Session>, revoke: bool) {
        if let Some(write) = self.sign_out() {
            self.retag_write(write, Wait::Revoked(id));
        }
        let mut sent = 0;
        if let Some(s) = session.filter(|_| revoke) {
            for &(token, hint) in
                &[(s.refresh_token.as_deref(), "refresh_token"), (Some(&*s.access_token), "access_token")]
            {
                let Some(token) = token else { continue };
                let mut form = Form::new();
                form.push("token", token).push("token_type_hint", hint).push("client_id", &self.config.app_id);
                let url = self.config.endpoint("/token/revocation");
                self.post_form(Wait::Revoked(id), url, &form);
                sent += 1;
            }
        }
        if sent == 0 {
            self.revoked(id);
        }
    }

    /// One part of `logout` is done (the store's write, or a revocation, answered or failed).
    pub(super) fn revoked(&mut self, id: Id) {
        if !self.io.waits.iter().any(|(_, w)| matches!(w, Wait::Revoked(call) if *call == id)) {
            self.resolve(id, Answer::Nothing);
        }
    }

    /// The local session is cleared in every tab first, so the app is signed out even if the
    /// navigation never happens.
    pub(super) fn signed_out_then_leave(
        &mut self,
        id: Id,
        session: Option<Session>,
        redirect_uri: Option<String>,
        state: Option<String>,
    ) {
        let write = self.sign_out();
        let c = &self.config;
        let params = LogoutParams {
            client_id: &c.app_id,
            id_token_hint: session.as_ref().and_then(|s| s.id_token.as_deref()),
            post_logout_redirect_uri: redirect_uri.as_deref().or(c.logout_redirect_uri.as_deref()),
            state: state.as_deref(),
        };
        let url = end_session_url(&c.endpoint("/session/end"), &params);
        // The page leaves once the store has the mark (an async store's write could be lost).
        match write {
            Some(write) => self.retag_write(write, Wait::Leave { id, url }),
            None => self.leave(id, url),
        }
    }

    pub(super) fn leave(&mut self, id: Id, url: String) {
        self.io.emit(Effect::Navigate { url });
        self.resolve(id, Answer::Nothing);
    }
}
