//! Every route of the app in one table (area, method, path, handler), and the router built
//! from it with the layers every request passes.

use crate::http::error::AppError;
use crate::state::AppState;
use crate::*;
use axum::Router;
use axum::http::StatusCode;
use axum::middleware;
use axum::routing::{MethodRouter, get, post};

async fn not_found() -> AppError {
    AppError::NotFound("There is no page at this address.".into())
}

/// Who may reach a route before its handler runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    /// No session needed: the login page, the stylesheet, calendar feeds (they check their own
    /// token).
    Public,
    /// An HTML page or form: needs a session, else it redirects to the login page.
    Page,
    /// Under `/api/v1`: an API token or a session, else 401.
    Api,
}

/// One row of the route table: the router is built from it and the access-matrix test reads
/// it, so a route cannot be added without the test knowing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteDef {
    pub area: Area,
    pub method: &'static str,
    /// The full path, `{name}` for a parameter.
    pub path: &'static str,
}

type Entry = (Area, &'static str, &'static str, MethodRouter<AppState>);

#[rustfmt::skip]
fn table() -> Vec<Entry> {
    use Area::*;
    vec![
        (Public, "GET", "/login", get(http::auth::login_form)),
        (Public, "POST", "/login", post(http::auth::login)),
        (Public, "GET", "/login/sso", get(http::sso::start)),
        (Public, "GET", "/login/sso/callback", get(http::sso::callback)),
        (Public, "GET", "/static/{file}", get(http::assets::file)),
        (Public, "GET", "/calendar/me.ics", get(log::calendar::my_feed)),
        (Public, "GET", "/calendar/rituals/{file}", get(log::calendar::ritual_feed)),
        (Page, "GET", "/", get(org::pages::dashboard)),
        (Page, "GET", "/teams", get(org::pages::teams)),
        (Page, "GET", "/teams/{id}", get(org::pages::team)),
        (Page, "GET", "/teams/{id}/edit", get(org::edit::edit_form)),
        (Page, "POST", "/teams/{id}/edit", post(org::edit::save)),
        (Page, "GET", "/people/{id}", get(org::pages::person)),
        (Page, "GET", "/people/{id}/edit", get(org::edit::person_form)),
        (Page, "POST", "/people/{id}/edit", post(org::edit::person_save)),
        (Page, "GET", "/findings", get(org::pages::findings)),
        (Page, "GET", "/rules/{id}", get(org::pages::rule)),
        (Page, "GET", "/metrics/{id}", get(org::pages::metric)),
        (Page, "GET", "/versions", get(org::pages::versions)),
        (Page, "GET", "/versions/compare", get(org::versions::compare)),
        (Page, "GET", "/versions/{id}", get(org::pages::version)),
        (Page, "POST", "/versions/{id}/restore", post(org::versions::restore)),
        (Page, "GET", "/scenarios", get(scenario::pages::list)),
        (Page, "POST", "/scenarios", post(scenario::pages::start)),
        (Page, "GET", "/scenarios/compare", get(scenario::pages::compare)),
        (Page, "GET", "/scenarios/{id}", get(scenario::pages::show)),
        (Page, "GET", "/scenarios/{id}/go", get(scenario::pages::go)),
        (Page, "GET", "/scenarios/{id}/people/{person}/edit", get(scenario::pages::person_form)),
        (Page, "POST", "/scenarios/{id}/people/{person}/edit", post(scenario::pages::person_save)),
        (Page, "GET", "/scenarios/{id}/teams/new", get(scenario::pages::create_form)),
        (Page, "POST", "/scenarios/{id}/teams/new", post(scenario::pages::create_save)),
        (Page, "GET", "/scenarios/{id}/teams/{team}/edit", get(scenario::pages::team_form)),
        (Page, "POST", "/scenarios/{id}/teams/{team}/edit", post(scenario::pages::team_save)),
        (Page, "GET", "/scenarios/{id}/teams/{team}/reshape", get(scenario::pages::reshape_form)),
        (Page, "POST", "/scenarios/{id}/teams/{team}/{action}", post(scenario::pages::reshape_save)),
        (Page, "POST", "/scenarios/{id}/apply", post(scenario::pages::apply)),
        (Page, "POST", "/scenarios/{id}/discard", post(scenario::pages::discard)),
        (Page, "GET", "/scenarios/{id}/export", get(scenario::pages::export)),
        (Page, "GET", "/path", get(path::pages::overview)),
        (Page, "GET", "/path/entries/new", get(path::pages::new_entry)),
        (Page, "POST", "/path/entries", post(path::pages::add_entry)),
        (Page, "GET", "/path/entries/{id}/edit", get(path::pages::edit_entry)),
        (Page, "POST", "/path/entries/{id}", post(path::pages::save_entry)),
        (Page, "POST", "/path/entries/{id}/delete", post(path::pages::delete_entry)),
        (Page, "POST", "/path/suggestions/accept", post(path::pages::accept)),
        (Page, "POST", "/path/suggestions/dismiss", post(path::pages::dismiss)),
        (Page, "GET", "/path/practice", get(path::practice::bank)),
        (Page, "POST", "/path/practice", post(path::practice::add_question)),
        (Page, "GET", "/path/practice/{id}", get(path::practice::show)),
        (Page, "POST", "/path/practice/{id}", post(path::practice::answer)),
        (Page, "GET", "/path/feedback", get(path::pages::feedback)),
        (Page, "POST", "/path/feedback", post(path::pages::add_feedback)),
        (Page, "POST", "/path/feedback/{id}/delete", post(path::pages::delete_feedback)),
        (Page, "GET", "/path/sponsors", get(path::pages::sponsors)),
        (Page, "POST", "/path/sponsors", post(path::pages::add_sponsor)),
        (Page, "POST", "/path/sponsors/{id}", post(path::pages::save_sponsor)),
        (Page, "POST", "/path/sponsors/{id}/delete", post(path::pages::delete_sponsor)),
        (Page, "GET", "/path/sharing", get(path::share::sharing)),
        (Page, "POST", "/path/shares", post(path::share::share)),
        (Page, "POST", "/path/shares/revoke", post(path::share::revoke)),
        (Page, "GET", "/path/shared", get(path::share::shared)),
        (Page, "GET", "/path/from/{author}/{section}", get(path::share::read)),
        (Page, "GET", "/path/packet", get(path::pages::packet_page)),
        (Page, "GET", "/path/packet.md", get(path::pages::packet_md)),
        (Page, "GET", "/path/export", get(path::pages::export)),
        (Page, "POST", "/path/delete", post(path::pages::delete_everything)),
        (Page, "GET", "/account", get(org::account::page)),
        (Page, "POST", "/account/tokens", post(org::account::create_token)),
        (Page, "POST", "/account/tokens/{id}/revoke", post(org::account::revoke_token)),
        (Page, "POST", "/account/password", post(org::account::change_password)),
        (Page, "POST", "/account/calendar", post(org::account::create_calendar_link)),
        (Page, "POST", "/account/sessions/{ref}/end", post(org::account::end_session)),
        (Page, "GET", "/admin/accounts", get(org::account::accounts)),
        (Page, "POST", "/admin/accounts/{id}/end-sessions", post(org::account::end_sessions_of)),
        (Page, "POST", "/admin/accounts/{id}/{action}", post(org::account::set_disabled)),
        (Page, "GET", "/org", get(org::pages::org_root)),
        (Page, "GET", "/org/{id}", get(org::pages::org_person)),
        (Page, "GET", "/org/{id}/chart.json", get(org::chart::chart)),
        (Page, "GET", "/org/{id}/reports.json", get(org::chart::reports)),
        (Page, "GET", "/org/{id}/path.json", get(org::chart::path)),
        (Page, "GET", "/spans", get(org::pages::spans)),
        (Page, "GET", "/search", get(search::page)),
        (Page, "GET", "/search/pick", get(search::pick)),
        (Page, "GET", "/log", get(log::pages::overview)),
        (Page, "GET", "/log/import", get(log::forms::import_form)),
        (Page, "POST", "/log/import", post(log::forms::import_save)),
        (Page, "GET", "/log/new/{kind}", get(log::forms::one_form)),
        (Page, "POST", "/log/new/{kind}", post(log::forms::one_save)),
        (Page, "GET", "/log/{kind}/{id}", get(log::pages::record)),
        (Page, "POST", "/log/{kind}/{id}/move", post(log::moves::move_record)),
        (Page, "GET", "/log/{kind}/{id}/edit", get(log::moves::edit_form)),
        (Page, "POST", "/log/{kind}/{id}/edit", post(log::moves::edit_save)),
        (Page, "GET", "/decisions", get(log::pages::decisions)),
        (Page, "GET", "/escalations", get(log::pages::escalations)),
        (Page, "GET", "/conflicts", get(log::pages::conflicts)),
        (Page, "GET", "/partnerships", get(partnership::list)),
        (Page, "GET", "/downloads/{file}", get(downloads::download)),
        (Page, "GET", "/partnerships/{product}/{engineering}", get(partnership::pair)),
        (Page, "GET", "/handoffs", get(log::pages::handoffs)),
        (Page, "GET", "/rituals", get(log::pages::rituals)),
        (Page, "GET", "/rituals/{id}", get(log::pages::ritual)),
        (Page, "GET", "/rituals/{id}/record", get(log::forms::meeting_form)),
        (Page, "POST", "/rituals/{id}/record", post(log::forms::meeting_save)),
        (Page, "GET", "/portfolio", get(portfolio::pages::page)),
        (Page, "GET", "/review", get(review::page)),
        (Page, "GET", "/review/download", get(review::download)),
        (Page, "POST", "/portfolio/goals", post(portfolio::pages::add_goal)),
        (Page, "POST", "/portfolio/goals/{id}/status", post(portfolio::pages::goal_status)),
        (Page, "POST", "/portfolio/decisions", post(portfolio::pages::add_decision)),
        (Page, "POST", "/portfolio/import", post(portfolio::pages::import)),
        (Page, "GET", "/talent", get(talent::overview::overview)),
        (Page, "GET", "/talent/bench", get(talent::bench::bench_page)),
        (Page, "POST", "/talent/bench", post(talent::bench::bench_save)),
        (Page, "GET", "/talent/pipeline", get(talent::pipeline::pipeline)),
        (Page, "GET", "/talent/people/{id}", get(talent::person::person)),
        (Page, "POST", "/talent/people/{id}/{kind}", post(talent::person::person_save)),
        (Page, "GET", "/talent/calibration", get(talent::calibration::sessions)),
        (Page, "POST", "/talent/calibration", post(talent::calibration::session_create)),
        (Page, "GET", "/talent/calibration/{id}", get(talent::calibration::session)),
        (Page, "POST", "/talent/calibration/{id}/ratings", post(talent::calibration::rating_add)),
        (Page, "GET", "/talent/calibration/{id}/import", get(talent::import::import_form)),
        (Page, "POST", "/talent/calibration/{id}/import", post(talent::import::import_save)),
        (Page, "POST", "/talent/ratings/{id}/calibrate", post(talent::calibration::calibrate)),
        (Page, "GET", "/talent/ratings.csv", get(talent::calibration::export)),
        (Page, "GET", "/admin/audit", get(talent::audit::audit)),
        (Page, "POST", "/logout", post(http::auth::logout)),
        (Public, "GET", "/api/v1/openapi.json", get(api::openapi)),
        (Api, "GET", "/api/v1/org", get(org::api::org)),
        (Api, "GET", "/api/v1/teams", get(org::api::teams)),
        (Api, "GET", "/api/v1/teams/{id}", get(org::api::team)),
        (Api, "GET", "/api/v1/people", get(org::api::people)),
        (Api, "GET", "/api/v1/people/{id}", get(org::api::person)),
        (Api, "GET", "/api/v1/findings", get(org::api::findings)),
        (Api, "GET", "/api/v1/versions", get(org::api::versions)),
        (Api, "POST", "/api/v1/versions", post(org::api::apply)),
        (Api, "GET", "/api/v1/versions/{id}", get(org::api::version)),
        (Api, "GET", "/api/v1/log/signals", get(log::api::signals)),
        (Api, "POST", "/api/v1/log/import", post(log::api::import)),
        (Api, "GET", "/api/v1/decisions", get(log::api::decisions)),
        (Api, "GET", "/api/v1/meetings", get(log::api::meetings)),
        (Api, "POST", "/api/v1/meetings", post(log::api::record_meeting)),
        (Api, "GET", "/api/v1/escalations", get(log::api::escalations)),
        (Api, "POST", "/api/v1/escalations", post(log::api::record_escalation)),
        (Api, "GET", "/api/v1/handoffs", get(log::api::handoffs)),
        (Api, "POST", "/api/v1/handoffs", post(log::api::record_handoff)),
        (Api, "GET", "/api/v1/log/{kind}/{id}", get(log::api::record)),
        (Api, "POST", "/api/v1/log/{kind}/{id}/move", post(log::api::move_record)),
        (Api, "GET", "/api/v1/conflicts", get(log::api::conflicts)),
        (Api, "GET", "/api/v1/goals", get(portfolio::api::goals)),
        (Api, "POST", "/api/v1/goals", post(portfolio::api::add_goal)),
        (Api, "POST", "/api/v1/goals/{id}/status", post(portfolio::api::update_goal)),
        (Api, "GET", "/api/v1/portfolio/decisions", get(portfolio::api::decisions)),
        (Api, "POST", "/api/v1/portfolio/decisions", post(portfolio::api::add_decision)),
        (Api, "POST", "/api/v1/coaching/analyze", post(talent::api::analyze)),
        (Api, "GET", "/api/v1/talent/people/{id}", get(talent::api::person)),
        (Api, "GET", "/api/v1/talent/bench", get(talent::api::bench_json)),
        (Api, "GET", "/api/v1/talent/pipeline", get(talent::api::pipeline_json)),
        (Api, "GET", "/api/v1/talent/ratings", get(talent::api::ratings)),
        (Api, "POST", "/api/v1/talent/records", post(talent::api::record)),
        (Api, "GET", "/api/v1/audit", get(talent::api::audit)),
        (Api, "GET", "/api/v1/path", get(path::api::get)),
        (Api, "POST", "/api/v1/path/entries", post(path::api::add_entry)),
        (Api, "POST", "/api/v1/path/answers", post(path::api::add_answer)),
        (Api, "POST", "/api/v1/path/feedback", post(path::api::add_feedback)),
    ]
}

/// Every route of the app, as the router is built from it.
pub fn route_table() -> Vec<RouteDef> {
    table()
        .into_iter()
        .map(|(area, method, path, _)| RouteDef { area, method, path })
        .collect()
}

/// Every route of the app. Everything but the public routes needs a session (pages) or a
/// session or API token (the API); every state-changing request must come from this site.
pub fn router(state: AppState) -> Router {
    let mut public = Router::new();
    let mut signed_in = Router::new();
    let mut api_routes = Router::new();
    for (area, _, path, handler) in table() {
        // Talent pages and answers are never kept by browsers or proxies.
        let handler = if talent::is_talent_path(path) {
            handler.layer(middleware::from_fn(talent::no_store))
        } else {
            handler
        };
        match area {
            Area::Public => public = public.route(path, handler),
            Area::Page => signed_in = signed_in.route(path, handler),
            Area::Api => {
                let path = path.strip_prefix("/api/v1").unwrap_or(path);
                api_routes = api_routes.route(path, handler);
            }
        }
    }
    let signed_in = signed_in
        .fallback(not_found)
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            http::auth::require_user,
        ));
    public
        .nest("/api/v1", api::wrap(state.clone(), api_routes))
        .merge(signed_in)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            http::security::same_origin,
        ))
        .layer(middleware::from_fn(http::security::refuse_nul_in_forms))
        .layer(middleware::from_fn(http::security::catch_panic))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            state.request_timeout,
        ))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            MAX_REQUEST_BODY,
        ))
        // Outside the limits, so their answers carry the browser protections too.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            http::security::headers,
        ))
        // Pages of long lists and the scripts shrink five- to tenfold for a browser that accepts
        // gzip; the CSRF token is masked per response so compression cannot reveal it. The
        // fastest level: on two cores the default level spent a third of a log page's time
        // compressing, for pages a few percent smaller.
        .layer(
            tower_http::compression::CompressionLayer::new()
                .quality(tower_http::CompressionLevel::Fastest),
        )
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}
