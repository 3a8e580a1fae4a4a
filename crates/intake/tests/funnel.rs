//! The funnel's events at the intake, on both databases: a batch is folded into daily
//! counters, each step once per journey however often it comes; a bad batch gets a
//! problem+json naming every problem; other sites' pages, other media types, floods and
//! oversized batches are refused; nothing of the request is kept beyond the counts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod common;

use axum::body::Body;
use axum::http::Request;
use common::staff::*;
use common::*;
use serde_json::{json, Value};

on_both_backends!(
    a_step_counts_once_per_journey_however_often_it_comes,
    bad_batches_are_refused_with_every_problem_named,
    nothing_of_the_request_is_kept_but_the_counts,
    the_dashboard_shows_the_counts_and_hides_small_numbers,
);

const JOURNEY_A: &str = "journeyAAAAAAAAAAAAAAAAAAAAAAA01";
const JOURNEY_B: &str = "journeyBBBBBBBBBBBBBBBBBBBBBBB02";

fn batch(t: &TestApp, journey: &str, events: Value) -> Value {
    json!({
        "journey": journey, "quiz_version": t.state.quiz.version(), "locale": "en",
        "page": "/china", "source": "newsletter", "medium": "email", "campaign": "china-2027",
        "events": events,
    })
}

/// A batch as `navigator.sendBeacon` sends a string: `text/plain`, from `origin`.
fn beacon(body: &Value, origin: Option<&str>) -> Request<Body> {
    let mut request = Request::post("/api/v1/events")
        .header("content-type", "text/plain;charset=UTF-8")
        .header("host", "leads.agency.example");
    if let Some(origin) = origin {
        request = request.header("origin", origin);
    }
    request.body(Body::from(body.to_string())).unwrap()
}

/// The counters as (step, detail, journeys), summed over every other column.
async fn counts(t: &TestApp) -> Vec<(String, String, i64)> {
    let mut rows: Vec<(String, String, i64)> = Vec::new();
    for count in t
        .state
        .db
        .funnel_counts("2000-01-01", "2999-12-31")
        .await
        .unwrap()
    {
        match rows
            .iter_mut()
            .find(|(s, d, _)| *s == count.step && *d == count.detail)
        {
            Some(row) => row.2 += count.journeys,
            None => rows.push((count.step, count.detail, count.journeys)),
        }
    }
    rows.sort();
    rows
}

async fn a_step_counts_once_per_journey_however_often_it_comes(db: TestDb) {
    let t = app(&db).await;
    let first =
        json!([{"step": "seen"}, {"step": "started"}, {"step": "shown", "question": "industry"}]);
    for _ in 0..3 {
        // sent again (a beacon retried, a page restored from the back-forward cache)
        let (status, body, _) = send(
            &t.app,
            beacon(
                &batch(&t, JOURNEY_A, first.clone()),
                Some("https://leads.agency.example"),
            ),
        )
        .await;
        assert_eq!(status, 204, "{body}");
    }
    let later = json!([{"step": "shown", "question": "industry"}, {"step": "answered", "question": "industry"}]);
    assert_eq!(
        send(&t.app, beacon(&batch(&t, JOURNEY_A, later), None))
            .await
            .0,
        204
    );
    let other = json!([{"step": "seen"}, {"step": "seen"}]);
    assert_eq!(
        send(&t.app, beacon(&batch(&t, JOURNEY_B, other), None))
            .await
            .0,
        204
    );
    let expected = [
        ("answered", "industry", 1),
        ("seen", "", 2),
        ("shown", "industry", 1),
        ("started", "", 1),
    ];
    let got = counts(&t).await;
    let got: Vec<(&str, &str, i64)> = got
        .iter()
        .map(|(s, d, n)| (s.as_str(), d.as_str(), *n))
        .collect();
    assert_eq!(got, expected);
    let row = &t
        .state
        .db
        .funnel_counts("2000-01-01", "2999-12-31")
        .await
        .unwrap()[0];
    assert_eq!(
        (
            row.page.as_str(),
            row.source.as_str(),
            row.campaign.as_str()
        ),
        ("/china", "newsletter", "china-2027")
    );
}

async fn bad_batches_are_refused_with_every_problem_named(db: TestDb) {
    let t = app_with(&db, |c| {
        c.allowed_origins = vec!["https://brand.example".to_owned()];
        c.events_per_minute = 3;
    })
    .await;
    let mut bad = batch(
        &t,
        "short",
        json!([{"step": "shown"}, {"step": "answered", "question": "favourite_colour"}]),
    );
    bad["locale"] = json!("es");
    let (status, problem, response) = send(&t.app, beacon(&bad, None)).await;
    assert_eq!(status, 422);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    assert_eq!(
        problem["detail"],
        "journey: field_invalid; locale: locale_unsupported; events[0].question: required; events[1].question: answer_unknown_question"
    );
    let (status, problem, _) = send(
        &t.app,
        beacon(&json!({"journey": JOURNEY_A, "answers": {}}), None),
    )
    .await;
    assert_eq!(status, 400, "{problem}");
    let good = batch(&t, JOURNEY_A, json!([{"step": "seen"}]));
    let (status, _, _) = send(&t.app, beacon(&good, Some("https://evil.example"))).await;
    assert_eq!(status, 403, "another site's page");
    let (status, _, _) = send(&t.app, beacon(&good, Some("https://brand.example"))).await;
    assert_eq!(status, 204, "a partner's page");
    let form = Request::post("/api/v1/events")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(good.to_string()))
        .unwrap();
    assert_eq!(send(&t.app, form).await.0, 415);
    let huge = batch(&t, JOURNEY_A, json!(vec![json!({"step": "seen"}); 2000]));
    assert_eq!(send(&t.app, beacon(&huge, None)).await.0, 413);
    // a flood from one address is limited like a flood of leads
    let statuses: Vec<u16> = flood_statuses(&t, &good).await;
    assert_eq!(statuses, [204, 204, 204, 429]);
}

async fn flood_statuses(t: &TestApp, body: &Value) -> Vec<u16> {
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(
            send(&t.app, from(beacon(body, None), [203, 0, 113, 9]))
                .await
                .0,
        );
    }
    statuses
}

async fn nothing_of_the_request_is_kept_but_the_counts(db: TestDb) {
    let t = app(&db).await;
    let request = Request::post("/api/v1/events")
        .header("content-type", "text/plain")
        .header("user-agent", "Mozilla/5.0 (UniqueAgent 42)")
        .body(Body::from(batch(&t, JOURNEY_A, json!([{"step": "seen"}, {"step": "results", "tier": t.state.quiz.tiers()[0].id.as_str(), "channel": "wechat"}])).to_string()))
        .unwrap();
    assert_eq!(send(&t.app, from(request, [198, 51, 100, 77])).await.0, 204);
    let url = &t.config.database_url;
    for (table, text) in [
        ("funnel_counts", "198.51.100.77"),
        ("funnel_counts", "UniqueAgent"),
        ("funnel_seen", "198.51.100.77"),
        ("funnel_seen", "UniqueAgent"),
        ("funnel_seen", JOURNEY_A),
    ] {
        let columns = if table == "funnel_seen" {
            "journey || step || detail || seen_day"
        } else {
            "page || source || medium || campaign || locale || quiz_version || step || detail"
        };
        let sql =
            format!("SELECT COUNT(*) AS n FROM {table} WHERE {columns} LIKE '%' || $1 || '%'");
        assert_eq!(count_where(url, &sql, text).await, 0, "{text} in {table}");
    }
    let kept = "SELECT COUNT(*) AS n FROM funnel_seen WHERE journey = $1";
    assert_eq!(
        count_where(url, kept, &intake::secret::digest(JOURNEY_A)).await,
        2,
        "the journey as a digest, for its steps"
    );
}

async fn the_dashboard_shows_the_counts_and_hides_small_numbers(db: TestDb) {
    let t = app(&db).await;
    let cookie = signed_in(&t).await;
    // 12 journeys from the newsletter: all start, all reach "industry", 9 answer it; 3 from
    // ads start and send a lead
    for n in 0..15 {
        let journey = format!("journey-dashboard-{n:04}");
        let mut events = vec![json!({"step": "seen"}), json!({"step": "started"})];
        if n < 12 {
            events.push(json!({"step": "shown", "question": "industry"}));
            if n < 9 {
                events.push(json!({"step": "answered", "question": "industry"}));
            }
        } else {
            events.push(json!({"step": "lead_sent"}));
        }
        let mut body = batch(&t, &journey, json!(events));
        if n >= 12 {
            body["source"] = json!("ads");
        }
        assert_eq!(send(&t.app, beacon(&body, None)).await.0, 204);
    }
    let (status, page) = get_page(&t, &cookie, "/admin/funnel").await;
    assert_eq!(status, 200);
    let row = |label: &str| {
        let start = page
            .find(&format!(">{label}</th>"))
            .unwrap_or_else(|| panic!("{label} in {page}"));
        let rest = &page[start..];
        rest[..rest.find("</tr>").unwrap()].to_owned()
    };
    assert!(
        row("Saw the widget").contains(">15</td>"),
        "{}",
        row("Saw the widget")
    );
    assert!(row("Reached: Industry").contains(">12</td>"));
    assert!(row("Answered: Industry").contains(">9</td>"));
    assert!(
        row("Sent a lead").contains("&#60;5</td>") || row("Sent a lead").contains("&lt;5</td>"),
        "3 leads: {}",
        row("Sent a lead")
    );
    assert!(page.contains("<svg viewBox=\"0 0 600 "), "the chart");
    let industry = &page[page.find("Drop-off by question").unwrap()..];
    assert!(
        industry.contains(
            ">12</td><td data-label=\"Answered by\">9</td><td data-label=\"Drop-off\">–</td>"
        ),
        "3 of 12 dropped: under 5, no rate"
    );
    let (status, csv) = get_page(&t, &cookie, "/admin/funnel.csv").await;
    assert_eq!(status, 200);
    assert!(
        csv.contains("\"step\",\"seen\",\"15\",\"100\",\"\""),
        "{csv}"
    );
    assert!(
        csv.contains("\"step\",\"lead_sent\",\"<5\",\"\",\"\""),
        "{csv}"
    );
    assert!(
        csv.contains("\"source\",\"newsletter\",\"12\",\"\",\"<5\""),
        "{csv}"
    );
    let (_, none) = get_page(&t, &cookie, "/admin/funnel?from=2001-01-01&to=2001-01-31").await;
    assert!(none.contains("No journey was counted in these dates."));
}
