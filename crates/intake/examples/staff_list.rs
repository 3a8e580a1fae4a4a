//! The staff list at scale, for `cargo xtask bench`: fills a database (`--database-url`, a
//! fresh SQLite file when not given) with `--leads` leads spread over two years, grades,
//! statuses and owners, then times the staff area's list pages through the whole router
//! (session check, queries, template; no socket): the first page, a deep page, the last,
//! filtered, ordered and searched; then times the hourly count behind "How do you compare?"
//! over the same leads. Prints one line of JSON: p50 and p95 per page, the worst p95, and
//! the median of three counts.

use std::time::Instant;

use axum::body::Body;
use axum::http::Request;
use clap::Parser;
use http_body_util::BodyExt;
use tower::ServiceExt;

#[derive(Parser)]
struct Cli {
    #[arg(long, default_value_t = 100_000)]
    leads: usize,
    /// Requests per page measured.
    #[arg(long, default_value_t = 40)]
    repeat: usize,
    /// A SQLite URL; without it (and without `--postgres`) a fresh SQLite file.
    #[arg(long)]
    database_url: Option<String>,
    /// A PostgreSQL server's URL: a fresh database is made on it for the run.
    #[arg(long)]
    postgres: Option<String>,
}

/// A new database on the PostgreSQL server at `admin`; its URL.
async fn fresh_postgres(admin: &str) -> anyhow::Result<String> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(admin).await?;
    let name = format!("staff_list_{}", std::process::id());
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&pool)
        .await?;
    pool.close().await;
    let base = admin.rsplit_once('/').map_or(admin, |(base, _)| base);
    Ok(format!("{base}/{name}"))
}

/// The server's own settings, as `intake serve` would read them.
#[derive(Parser)]
struct Serve {
    #[command(flatten)]
    config: intake::Config,
}

const ROWS_PER_INSERT: usize = 400;

/// A small deterministic generator (the bench needs the same data each run, no crate for it).
struct Mix(u64);

impl Mix {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

/// One generated lead.
struct Row {
    id: String,
    at: i64,
    name: String,
    email: String,
    company: String,
    readiness: i64,
    grade: String,
    score: i64,
    top: String,
    status: String,
    owner: Option<String>,
    spam: i64,
    search: String,
    answers: String,
}

/// Fills the leads table with plausible rows, `ROWS_PER_INSERT` per statement.
async fn fill(url: &str, leads: usize, owners: &[String]) -> anyhow::Result<()> {
    let pool = sqlx::AnyPool::connect(url).await?;
    let mut mix = Mix(42);
    let statuses = [
        "new",
        "new",
        "new",
        "contacted",
        "meeting_booked",
        "qualified",
        "won",
        "lost",
        "spam",
    ];
    let channels = [
        "wechat",
        "douyin",
        "xiaohongshu",
        "cross_border",
        "baidu",
        "bilibili",
    ];
    let now = 1_790_000_000_000i64;
    let mut done = 0;
    while done < leads {
        let count = ROWS_PER_INSERT.min(leads - done);
        let mut sql = String::from(
            "INSERT INTO leads (id, idempotency_key, body_hash, received_at_ms, quiz_version, quiz_version_known, locale, \
             name, email, company, country, role, readiness, tier, grade, grade_score, top_channels, blockers, score_mismatch, \
             spam, answers_json, consents_json, attribution_json, status, owner_id, search_text) VALUES ",
        );
        let mut values = Vec::new();
        for row in 0..count {
            let n = done + row;
            let status = statuses[mix.next(statuses.len() as u64) as usize];
            let grade = ["A", "B", "C", "D"][mix.next(4) as usize];
            let owner = match mix.next(3) {
                0 => None,
                _ => Some(owners[mix.next(owners.len() as u64) as usize].clone()),
            };
            let first = channels[mix.next(channels.len() as u64) as usize];
            let (name, email) = (
                format!("Person {n}"),
                format!("person{n}@brand{}.example", n % 5000),
            );
            let company = format!(
                "Brand {} {}",
                ["Tea", "Skin", "Wine", "Tools", "Games"][n % 5],
                n
            );
            let search = format!("{name} {company} {email}").to_lowercase();
            values.push(Row {
                id: format!("lead-{n:08}"),
                at: now - (mix.next(730 * 86_400) as i64) * 1000,
                name,
                email,
                company,
                readiness: mix.next(101) as i64,
                grade: grade.to_owned(),
                score: mix.next(101) as i64,
                top: first.to_owned(),
                status: status.to_owned(),
                owner,
                spam: i64::from(status == "spam"),
                search,
                answers: answers(n),
            });
        }
        for i in 0..values.len() {
            let p = |k: usize| format!("${}", i * 14 + k);
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!(
                "({}, {}, 'h', {}, 'v', 1, 'en', {}, {}, {}, 'DE', 'Export manager', {}, 'building', {}, {}, {}, '', 0, {}, {}, '[]', '{{}}', {}, {}, {})",
                p(1), p(1), p(2), p(3), p(4), p(5), p(6), p(7), p(8), p(9), p(12), p(14), p(10), p(11), p(13)
            ));
        }
        let mut query = sqlx::query(&sql);
        for row in values {
            query = query
                .bind(row.id)
                .bind(row.at)
                .bind(row.name)
                .bind(row.email)
                .bind(row.company)
                .bind(row.readiness)
                .bind(row.grade)
                .bind(row.score)
                .bind(row.top)
                .bind(row.status)
                .bind(row.owner)
                .bind(row.spam)
                .bind(row.search)
                .bind(row.answers);
        }
        query.execute(&pool).await?;
        done += count;
    }
    pool.close().await;
    Ok(())
}

/// A whole questionnaire's answers (as stored, about 500 bytes), in one of the industries.
fn answers(n: usize) -> String {
    const INDUSTRIES: [&str; 11] = [
        "beauty",
        "fashion_luxury",
        "food_beverage",
        "health_wellness",
        "consumer_tech",
        "software_saas",
        "industrial",
        "education",
        "tourism",
        "games_entertainment",
        "other",
    ];
    format!(
        r#"{{"audience_age":["age_25_34"],"audience_gender":["mostly_women"],"budget":["from_5k_to_15k"],"business_model":["b2c"],"chinese_name":["none"],"compliance":["certified"],"content":["images"],"customer_service":["partner"],"goals":["awareness","online_sales"],"industry":["{}"],"market":["premium_urban"],"selling":["direct_shipping"],"timeline":["months_3_to_6"],"trademark":["registered"],"website":["english_only"]}}"#,
        INDUSTRIES[n % INDUSTRIES.len()]
    )
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let dir = tempfile::tempdir()?;
    let database = match (&cli.postgres, &cli.database_url) {
        (Some(admin), _) => fresh_postgres(admin).await?,
        (None, Some(url)) => url.clone(),
        (None, None) => format!("sqlite://{}", dir.path().join("list.sqlite").display()),
    };
    let quiz_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../quiz");
    let serve = Serve::parse_from([
        "staff_list",
        "--database-url",
        &database,
        "--quiz-dir",
        quiz_dir,
    ]);
    let state = intake::AppState::from_config(&serve.config).await?;
    let app = intake::app(&serve.config, state.clone())?;
    let password = "bench staff password";
    for email in [
        "admin@agency.example",
        "a@agency.example",
        "b@agency.example",
        "c@agency.example",
    ] {
        intake::add_staff(&state.db, email, password, None, 0).await?;
    }
    let owners: Vec<String> = state
        .db
        .accounts()
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();
    let filled = Instant::now();
    fill(&database, cli.leads, &owners).await?;
    if cli.postgres.is_some() {
        // what autovacuum does to a table that grew this much, before anyone lists it
        let pool = sqlx::AnyPool::connect(&database).await?;
        sqlx::query("VACUUM ANALYZE leads").execute(&pool).await?;
        pool.close().await;
    }
    let fill_seconds = filled.elapsed().as_secs_f64();
    let login = Request::post("/admin/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(format!(
            "email=admin%40agency.example&password={}",
            password.replace(' ', "+")
        )))?;
    let response = app.clone().oneshot(login).await?;
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|c| c.to_str().ok())
        .and_then(|c| c.split(';').next())
        .ok_or_else(|| anyhow::anyhow!("no session"))?
        .to_owned();
    // the last page of the list as shown (spam left out), from its summary
    let first = Request::get("/admin/leads")
        .header("cookie", &cookie)
        .body(Body::empty())?;
    let first = app
        .clone()
        .oneshot(first)
        .await?
        .into_body()
        .collect()
        .await?
        .to_bytes();
    let last: usize = String::from_utf8_lossy(&first)
        .split("page 1 of ")
        .nth(1)
        .and_then(|rest| {
            rest.split(|c: char| !c.is_ascii_digit())
                .next()?
                .parse()
                .ok()
        })
        .ok_or_else(|| anyhow::anyhow!("no page count on the list"))?;
    let pages = [
        ("first page".to_owned(), "/admin/leads".to_owned()),
        ("page 1000".to_owned(), "/admin/leads?page=1000".to_owned()),
        ("last page".to_owned(), format!("/admin/leads?page={last}")),
        (
            "status and grade".to_owned(),
            "/admin/leads?status=contacted&grade=A".to_owned(),
        ),
        (
            "mine, by readiness".to_owned(),
            "/admin/leads?owner=me&sort=readiness".to_owned(),
        ),
        (
            "by readiness, spam included, page 50".to_owned(),
            "/admin/leads?sort=readiness&spam=include&page=50".to_owned(),
        ),
        ("by grade".to_owned(), "/admin/leads?sort=grade".to_owned()),
        (
            "last month".to_owned(),
            "/admin/leads?from=2026-08-01&to=2026-08-31".to_owned(),
        ),
        ("search".to_owned(), "/admin/leads?q=brand12".to_owned()),
    ];
    let mut figures = Vec::new();
    let mut worst: f64 = 0.0;
    for (name, path) in &pages {
        let mut times = Vec::new();
        let mut rows = 0;
        for _ in 0..cli.repeat {
            let request = Request::get(path.as_str())
                .header("cookie", &cookie)
                .body(Body::empty())?;
            let started = Instant::now();
            let response = app.clone().oneshot(request).await?;
            let status = response.status();
            let body = response.into_body().collect().await?.to_bytes();
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            anyhow::ensure!(status == 200, "{path}: {status}");
            rows = String::from_utf8_lossy(&body)
                .matches("href=\"/admin/leads/lead-")
                .count();
        }
        anyhow::ensure!(rows > 0, "{path}: an empty page measures nothing");
        times.sort_by(f64::total_cmp);
        let (p50, p95) = (percentile(&times, 0.5), percentile(&times, 0.95));
        worst = worst.max(p95);
        figures.push(format!(
            "{{\"page\":\"{name}\",\"rows\":{rows},\"p50_ms\":{p50:.1},\"p95_ms\":{p95:.1}}}"
        ));
    }
    // "How do you compare?": the hourly count of every stored lead by industry
    let mut refreshes = Vec::new();
    let mut industries = 0;
    for _ in 0..3 {
        let started = Instant::now();
        industries = state.benchmarks.refresh(&state.db, 0).await?.industries;
        refreshes.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    anyhow::ensure!(
        industries == 11,
        "the comparison lists {industries} industries, not 11"
    );
    refreshes.sort_by(f64::total_cmp);
    let refresh_ms = refreshes[1];
    println!(
        "{{\"leads\":{},\"fill_seconds\":{fill_seconds:.1},\"worst_p95_ms\":{worst:.1},\"benchmark_refresh_ms\":{refresh_ms:.0},\"pages\":[{}]}}",
        cli.leads,
        figures.join(",")
    );
    Ok(())
}
