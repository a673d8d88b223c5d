//! Reaching the server: the address as libpq reads it (the driver knows only part of it), TLS
//! with the server's certificate checked (`sslmode=verify-full`), and the password from the
//! address, `PGPASSWORD`, or a pgpass file only its owner can read — never from the desk.

use postgres::config::{Host, SslMode};
use postgres::{Client, Config, NoTls};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio_postgres_rustls::MakeRustlsConnect;

use super::errors::one_line;
use crate::error::{Error, Result};

/// How the connection is protected, as libpq's `sslmode` says it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tls {
    Off,
    /// Encrypted, the certificate not checked (libpq's `require`).
    Encrypted,
    /// Encrypted to the server the address names, whose certificate `sslrootcert` vouches for.
    VerifyFull,
}

/// Connects to the desk at `address`.
pub fn connect(address: &str) -> Result<Client> {
    let (rest, tls, root) = split(address)?;
    let mut config: Config = rest.parse().map_err(|e| {
        Error::Invalid(format!(
            "{} is not a PostgreSQL address: {e}",
            shown(address)
        ))
    })?;
    if config.get_password().is_none() {
        if let Some(password) = password(&config)? {
            config.password(password);
        }
    }
    let reached = match tls {
        Tls::Off => config.connect(NoTls),
        Tls::Encrypted | Tls::VerifyFull => {
            config.ssl_mode(SslMode::Require);
            config.connect(MakeRustlsConnect::new(client_config(tls, root.as_deref())?))
        }
    };
    let mut client = reached.map_err(|e| {
        let said = format!(
            "cannot reach the desk at {}: {}",
            shown(address),
            one_line(&e)
        );
        // A refusal (a wrong password) or a missing setting is not a matter of reaching it.
        match super::errors::lost(&e) {
            true => Error::Unreachable(said),
            false => Error::Storage(said),
        }
    })?;
    // The desk's statements are short: compiling one costs more than it saves (45 ms each on
    // a month report's, measured at a million tickets).
    client.batch_execute("SET jit = off")?;
    Ok(client)
}

/// The address without the TLS settings the driver does not take, and those settings.
fn split(address: &str) -> Result<(String, Tls, Option<PathBuf>)> {
    let Some((base, query)) = address.split_once('?') else {
        return Ok((address.to_string(), Tls::Off, None));
    };
    let (mut tls, mut root, mut kept) = (Tls::Off, None, Vec::new());
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("sslmode", mode)) => {
                tls = match mode {
                    "disable" | "allow" | "prefer" => Tls::Off,
                    "require" => Tls::Encrypted,
                    "verify-full" => Tls::VerifyFull,
                    other => {
                        return Err(Error::Invalid(format!(
                            "sslmode={other} is not supported: use verify-full (or require)"
                        )))
                    }
                }
            }
            Some(("sslrootcert", path)) => root = Some(PathBuf::from(path)),
            _ => kept.push(pair),
        }
    }
    let rest = if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    Ok((rest, tls, root))
}

fn client_config(tls: Tls, root: Option<&Path>) -> Result<ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Invalid(format!("TLS: {e}")))?;
    Ok(match tls {
        Tls::VerifyFull => {
            let root = root
                .map(Path::to_path_buf)
                .or_else(default_root)
                .ok_or_else(|| {
                    Error::Invalid(
                    "sslmode=verify-full needs the server's CA: sslrootcert=FILE in the address"
                        .into(),
                )
                })?;
            let mut roots = RootCertStore::empty();
            let certs = CertificateDer::pem_file_iter(&root)
                .and_then(|found| found.collect::<std::result::Result<Vec<_>, _>>())
                .map_err(|e| Error::Invalid(format!("cannot read {}: {e}", root.display())))?;
            for cert in certs {
                roots.add(cert).map_err(|e| {
                    Error::Invalid(format!("{} holds no usable CA: {e}", root.display()))
                })?;
            }
            builder.with_root_certificates(roots).with_no_client_auth()
        }
        _ => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Unchecked(provider)))
            .with_no_client_auth(),
    })
}

/// libpq's default CA file.
fn default_root() -> Option<PathBuf> {
    let path = std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".postgresql/root.crt"))?;
    path.exists().then_some(path)
}

/// `sslmode=require`: the link is encrypted and the handshake checked, but not who answers.
#[derive(Debug)]
struct Unchecked(Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// The password for `config`: `PGPASSWORD`, else the first matching line of the pgpass file
/// (`PGPASSFILE`, else `~/.pgpass`), which must be readable by its owner alone.
fn password(config: &Config) -> Result<Option<String>> {
    if let Ok(p) = std::env::var("PGPASSWORD") {
        return Ok(Some(p));
    }
    let file = std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".pgpass")));
    let Some(file) = file.filter(|f| f.exists()) else {
        return Ok(None);
    };
    check_private(&file)?;
    let text = std::fs::read_to_string(&file)
        .map_err(|e| Error::Invalid(format!("cannot read {}: {e}", file.display())))?;
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        Some(Host::Unix(_)) | None => "localhost".into(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let wanted = [
        host.as_str(),
        port.as_str(),
        config.get_dbname().unwrap_or_default(),
        config.get_user().unwrap_or_default(),
    ];
    Ok(pgpass_lookup(&text, &wanted))
}

/// A pgpass file's password for (host, port, database, user): `*` matches anything, `\:` and
/// `\\` are a literal colon and backslash.
fn pgpass_lookup(text: &str, wanted: &[&str; 4]) -> Option<String> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .find_map(|line| {
            let fields = pgpass_fields(line);
            let matches =
                fields.len() == 5 && fields.iter().zip(wanted).all(|(f, w)| f == "*" || f == w);
            matches.then(|| fields[4].clone())
        })
}

fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => fields.last_mut().expect("one field").extend(chars.next()),
            ':' => fields.push(String::new()),
            c => fields.last_mut().expect("one field").push(c),
        }
    }
    fields
}

/// A password file others can read is refused, as libpq ignores it: it must be mode 0600.
#[cfg(unix)]
fn check_private(file: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(file)
        .map_err(|e| Error::Invalid(format!("cannot read {}: {e}", file.display())))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(Error::Forbidden(format!(
            "{} can be read by others (mode {:o}); make it private with chmod 0600",
            file.display(),
            mode & 0o777
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_: &Path) -> Result<()> {
    Ok(())
}

/// The address without its password, for messages and output.
pub fn shown(address: &str) -> String {
    let without_query = address.split('?').next().unwrap_or(address);
    match without_query.parse::<Config>() {
        Ok(c) => {
            let ports = c.get_ports();
            let hosts: Vec<String> = c
                .get_hosts()
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    let host = match h {
                        Host::Tcp(name) => name.clone(),
                        Host::Unix(path) => path.display().to_string(),
                    };
                    match ports.get(i).or(ports.first()) {
                        Some(port) => format!("{host}:{port}"),
                        None => host,
                    }
                })
                .collect();
            format!(
                "postgres://{}@{}/{}",
                c.get_user().unwrap_or(""),
                hosts.join(","),
                c.get_dbname().unwrap_or("")
            )
        }
        Err(_) => "the PostgreSQL address".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_settings_are_read_as_libpq_reads_them() {
        let (rest, tls, root) = split(
            "postgres://app@db.example.com/desk?sslmode=verify-full&sslrootcert=/etc/ca.pem&target_session_attrs=read-write",
        )
        .unwrap();
        assert_eq!(
            rest,
            "postgres://app@db.example.com/desk?target_session_attrs=read-write"
        );
        assert_eq!(tls, Tls::VerifyFull);
        assert_eq!(root, Some(PathBuf::from("/etc/ca.pem")));
        assert_eq!(split("postgres://a@h/d").unwrap().1, Tls::Off);
        assert_eq!(
            split("postgres://a@h/d?sslmode=require").unwrap().1,
            Tls::Encrypted
        );
        assert!(split("postgres://a@h/d?sslmode=verify-ca").is_err());
    }

    #[test]
    fn pgpass_lines_match_like_libpq() {
        let file = "# comment\ndb.example.com:5432:desk:app:s3cr\\:et\n*:*:*:other:x\n";
        let want = |user| ["db.example.com", "5432", "desk", user];
        assert_eq!(
            pgpass_lookup(file, &want("app")).as_deref(),
            Some("s3cr:et")
        );
        assert_eq!(pgpass_lookup(file, &want("other")).as_deref(), Some("x"));
        assert_eq!(pgpass_lookup(file, &want("nobody")), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_pgpass_file_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pgpass");
        std::fs::write(&file, "*:*:*:*:pw\n").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(check_private(&file).unwrap_err().code(), "forbidden");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(check_private(&file).is_ok());
    }

    #[test]
    fn passwords_never_show() {
        assert_eq!(
            shown("postgres://app:hunter2@db:5433/desk?sslmode=verify-full"),
            "postgres://app@db:5433/desk"
        );
    }
}
