//! The server's liveness answer and its static files, called without a socket.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

fn config_serving(dir: &std::path::Path) -> intake::Config {
    intake::Config {
        listen: "127.0.0.1:0".parse().expect("address"),
        static_dir: dir.to_path_buf(),
    }
}

#[tokio::test]
async fn healthz_answers_ok() {
    let app = intake::app(&config_serving(std::path::Path::new("does-not-exist")));
    let response = app
        .oneshot(
            Request::get("/healthz")
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::OK);
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    assert_eq!(&body[..], b"ok");
}

#[tokio::test]
async fn serves_the_demo_page_from_the_static_folder() {
    let dir = std::env::temp_dir().join(format!("intake-static-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("index.html"), "<h1>demo</h1>").expect("write");
    let app = intake::app(&config_serving(&dir));
    let response = app
        .oneshot(Request::get("/").body(Body::empty()).expect("request"))
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::OK);
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    assert_eq!(&body[..], b"<h1>demo</h1>");
    std::fs::remove_dir_all(&dir).ok();
}
