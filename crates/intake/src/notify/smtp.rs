//! The SMTP connection of the lead email, from `--smtp-url`, with TLS wherever it matters:
//! `smtps://` is TLS from the first byte, `smtp://…?tls=required` upgrades with STARTTLS and
//! refuses a server that does not offer it, and plain `smtp://` is allowed only to a relay on
//! this machine without credentials, unless the operator says otherwise (`--smtp-allow-plain`).
//! `--smtp-ca-file` adds a certificate authority to trust (a relay with its own CA).

use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, Certificate, Tls, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use lettre::{AsyncSmtpTransport, Tokio1Executor};
use percent_encoding::percent_decode_str;

const SETTING: &str = "INTAKE_SMTP_URL / --smtp-url";

/// How the connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Security {
    /// TLS from the first byte (`smtps://`, port 465).
    Wrapper,
    /// STARTTLS, required (`smtp://…?tls=required`, port 587).
    StartTls,
    /// None (`smtp://`, port 25).
    Plain,
}

/// The parts of an SMTP URL.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SmtpUrl {
    security: Security,
    host: String,
    port: u16,
    credentials: Option<(String, String)>,
}

fn parse(raw: &str, allow_plain: bool) -> Result<SmtpUrl, String> {
    let url = url::Url::parse(raw).map_err(|e| format!("{SETTING}: not an SMTP URL ({e})"))?;
    let tls_required = url
        .query_pairs()
        .any(|(key, value)| key == "tls" && value == "required");
    let security = match url.scheme() {
        "smtps" => Security::Wrapper,
        "smtp" if tls_required => Security::StartTls,
        "smtp" => Security::Plain,
        other => {
            return Err(format!(
                "{SETTING}: `{other}://` is not an SMTP scheme (use smtps:// or smtp://)"
            ))
        }
    };
    // `smtp:` is not a special scheme to the URL standard, so its host stays text
    let host = url
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| format!("{SETTING}: no host"))?
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    let decode = |text: &str| percent_decode_str(text).decode_utf8_lossy().into_owned();
    let credentials = (!url.username().is_empty()).then(|| {
        (
            decode(url.username()),
            decode(url.password().unwrap_or_default()),
        )
    });
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if security == Security::Plain && (!loopback || credentials.is_some()) && !allow_plain {
        let why = if credentials.is_some() {
            "with a password"
        } else {
            "to another machine"
        };
        return Err(format!(
            "{SETTING}: `smtp://` without TLS {why} would send it and the leads in clear text; \
             use `smtps://` or add `?tls=required` (or set INTAKE_SMTP_ALLOW_PLAIN=true if the \
             network is yours)"
        ));
    }
    let default_port = match security {
        Security::Wrapper => 465,
        Security::StartTls => 587,
        Security::Plain => 25,
    };
    Ok(SmtpUrl {
        security,
        port: url.port().unwrap_or(default_port),
        host,
        credentials,
    })
}

/// The relay of `--smtp-url`: a pooled transport for the ordinary email, and what one
/// connection of its own needs for an email with an international address in a header.
/// (lettre's transport asks for SMTPUTF8 only when the envelope needs it, never for a
/// header such as a visitor's Reply-To, and does not say what the relay offers.)
pub struct Relay {
    pub transport: AsyncSmtpTransport<Tokio1Executor>,
    url: SmtpUrl,
    tls: Option<TlsParameters>,
}

/// What became of an email that needs SMTPUTF8.
#[derive(Debug, PartialEq, Eq)]
pub enum Utf8Sent {
    /// The relay took it with `MAIL FROM:<…> SMTPUTF8`.
    Delivered,
    /// The relay does not offer SMTPUTF8; nothing was sent.
    NotOffered,
}

const TIMEOUT: Duration = Duration::from_secs(15);

impl Relay {
    /// For `--smtp-url`, or an error naming the setting.
    pub fn new(
        raw: &str,
        ca_file: Option<&std::path::Path>,
        allow_plain: bool,
    ) -> Result<Relay, String> {
        let url = parse(raw, allow_plain)?;
        let tls = match url.security {
            Security::Plain => None,
            Security::Wrapper | Security::StartTls => Some(tls_parameters(&url.host, ca_file)?),
        };
        let security = match (url.security, tls.clone()) {
            (Security::Wrapper, Some(tls)) => Tls::Wrapper(tls),
            (Security::StartTls, Some(tls)) => Tls::Required(tls),
            _ => Tls::None,
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(url.host.clone())
            .port(url.port)
            .tls(security)
            .timeout(Some(TIMEOUT));
        if let Some((user, password)) = url.credentials.clone() {
            builder = builder.credentials(Credentials::new(user, password));
        }
        Ok(Relay {
            transport: builder.build(),
            url,
            tls,
        })
    }

    /// Sends `message` on a connection of its own, with the same TLS and credentials as the
    /// transport, declaring SMTPUTF8 (RFC 6531) when the relay offers it. An error says
    /// which step failed.
    pub async fn send_smtputf8(
        &self,
        envelope: &Envelope,
        message: &[u8],
    ) -> Result<Utf8Sent, String> {
        let hello = ClientId::default();
        let wrapper = match self.url.security {
            Security::Wrapper => self.tls.clone(),
            _ => None,
        };
        let target = (self.url.host.as_str(), self.url.port);
        let mut connection =
            AsyncSmtpConnection::connect_tokio1(target, Some(TIMEOUT), &hello, wrapper, None)
                .await
                .map_err(|e| format!("the SMTP server could not be reached: {e}"))?;
        let sent = self
            .converse(&mut connection, &hello, envelope, message)
            .await;
        if sent.is_err() {
            connection.abort().await;
        } else {
            let _ = connection.quit().await;
        }
        sent
    }

    async fn converse(
        &self,
        connection: &mut AsyncSmtpConnection,
        hello: &ClientId,
        envelope: &Envelope,
        message: &[u8],
    ) -> Result<Utf8Sent, String> {
        if let (Security::StartTls, Some(tls)) = (self.url.security, self.tls.clone()) {
            if !connection.can_starttls() {
                return Err("the SMTP server does not offer STARTTLS (required)".to_owned());
            }
            connection
                .starttls(tls, hello)
                .await
                .map_err(|e| format!("STARTTLS failed: {e}"))?;
        }
        if let Some((user, password)) = self.url.credentials.clone() {
            connection
                .auth(
                    &[Mechanism::Plain, Mechanism::Login],
                    &Credentials::new(user, password),
                )
                .await
                .map_err(|e| format!("the SMTP server refused the sign-in: {e}"))?;
        }
        if !connection
            .server_info()
            .supports_feature(Extension::SmtpUtfEight)
        {
            return Ok(Utf8Sent::NotOffered);
        }
        let refused =
            |e: lettre::transport::smtp::Error| format!("the SMTP server refused the email: {e}");
        let mut parameters = vec![MailParameter::SmtpUtfEight];
        if !message.is_ascii()
            && connection
                .server_info()
                .supports_feature(Extension::EightBitMime)
        {
            parameters.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        connection
            .command(Mail::new(envelope.from().cloned(), parameters))
            .await
            .map_err(refused)?;
        for to in envelope.to() {
            connection
                .command(Rcpt::new(to.clone(), vec![]))
                .await
                .map_err(refused)?;
        }
        connection.command(Data).await.map_err(refused)?;
        connection.message(message).await.map_err(refused)?;
        Ok(Utf8Sent::Delivered)
    }
}

/// TLS for `host`, trusting `--smtp-ca-file` too when given.
fn tls_parameters(host: &str, ca_file: Option<&std::path::Path>) -> Result<TlsParameters, String> {
    let mut builder = TlsParameters::builder(host.to_owned());
    if let Some(path) = ca_file {
        let pem = std::fs::read(path).map_err(|e| {
            format!(
                "INTAKE_SMTP_CA_FILE / --smtp-ca-file: cannot read {}: {e}",
                path.display()
            )
        })?;
        let certificate = Certificate::from_pem(&pem).map_err(|e| {
            format!(
                "INTAKE_SMTP_CA_FILE / --smtp-ca-file: {} is not a PEM certificate: {e}",
                path.display()
            )
        })?;
        builder = builder.add_root_certificate(certificate);
    }
    builder
        .build_rustls()
        .map_err(|e| format!("{SETTING}: TLS: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clear_text_is_for_a_loopback_relay_without_a_password() {
        for allowed in [
            "smtp://127.0.0.1:2525",
            "smtp://localhost:25",
            "smtp://[::1]:25",
        ] {
            assert_eq!(
                parse(allowed, false).map(|u| u.security),
                Ok(Security::Plain),
                "{allowed}"
            );
        }
        let required = parse(
            "smtp://user:p%40ss@mail.example.com:587?tls=required",
            false,
        )
        .unwrap();
        assert_eq!(required.security, Security::StartTls);
        assert_eq!(required.credentials, Some(("user".into(), "p@ss".into())));
        let wrapped = parse("smtps://user:pass@mail.example.com", false).unwrap();
        assert_eq!((wrapped.security, wrapped.port), (Security::Wrapper, 465));
        for refused in [
            "smtp://user:pass@mail.example.com:587",
            "smtp://user:pass@mail.example.com:587?tls=opportunistic",
            "smtp://10.0.0.5:25",
            "smtp://user:pass@127.0.0.1:25",
        ] {
            let error = parse(refused, false).unwrap_err();
            assert!(
                error.contains("?tls=required") && error.contains("--smtp-url"),
                "{refused}: {error}"
            );
        }
        assert!(
            parse("smtp://user:pass@127.0.0.1:25", true).is_ok(),
            "said explicitly"
        );
        assert!(parse("http://mail.example.com", false).is_err());
    }
}
