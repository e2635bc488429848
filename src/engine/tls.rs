//! TLS to an engine the way the docker CLI sets it up: `ca.pem` to verify the engine (unless
//! verification is off, as with `DOCKER_TLS`), `cert.pem` + `key.pem` as the client's identity
//! when both are there.

use std::path::Path;
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, ring};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};

use crate::trf;

/// Why the TLS files could not be used.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[error("{0}")]
pub struct TlsSetupError(String);

/// A client configuration from the TLS folder; `verify` checks the engine against `ca.pem`.
pub fn client_config(folder: &Path, verify: bool) -> Result<Arc<ClientConfig>, TlsSetupError> {
    let provider = Arc::new(ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsSetupError(e.to_string()))?;
    let builder = if verify {
        let ca = folder.join("ca.pem");
        let certs = read_certs(&ca)?;
        let mut roots = RootCertStore::empty();
        let (added, _) = roots.add_parsable_certificates(certs);
        if added == 0 {
            return Err(TlsSetupError(trf!(
                "{} holds no usable CA certificate",
                ca.display()
            )));
        }
        builder.with_root_certificates(roots)
    } else {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(NoVerification(provider)))
    };
    let (cert, key) = (folder.join("cert.pem"), folder.join("key.pem"));
    let config = if cert.is_file() && key.is_file() {
        let chain = read_certs(&cert)?;
        let key = PrivateKeyDer::from_pem_file(&key)
            .map_err(|e| TlsSetupError(trf!("cannot read the key {}: {}", key.display(), e)))?;
        builder
            .with_client_auth_cert(chain, key)
            .map_err(|e| TlsSetupError(trf!("the client certificate is unusable: {}", e)))?
    } else {
        builder.with_no_client_auth()
    };
    Ok(Arc::new(config))
}

/// A configuration that only finds out whether a server speaks TLS: it checks nothing.
pub fn probe_config() -> Result<Arc<ClientConfig>, TlsSetupError> {
    let provider = Arc::new(ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsSetupError(e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(NoVerification(provider)))
        .with_no_client_auth();
    Ok(Arc::new(config))
}

fn read_certs(path: &Path) -> Result<Vec<CertificateDer<'static>>, TlsSetupError> {
    if !path.is_file() {
        return Err(TlsSetupError(trf!(
            "{} is missing (set DOCKER_CERT_PATH to the folder with ca.pem, cert.pem and key.pem)",
            path.display()
        )));
    }
    let certs = CertificateDer::pem_file_iter(path)
        .and_then(|iter| iter.collect::<Result<Vec<_>, _>>())
        .map_err(|e| TlsSetupError(trf!("cannot read {}: {}", path.display(), e)))?;
    if certs.is_empty() {
        return Err(TlsSetupError(trf!(
            "{} holds no certificate",
            path.display()
        )));
    }
    Ok(certs)
}

/// The server name to present and check: an IP address or a DNS name.
pub fn server_name(host: &str) -> Result<ServerName<'static>, TlsSetupError> {
    ServerName::try_from(host.to_owned())
        .map_err(|_| TlsSetupError(trf!("`{}` is not a name TLS can check", host)))
}

/// `DOCKER_TLS` without `DOCKER_TLS_VERIFY`: encrypted, but the engine is not authenticated.
#[derive(Debug)]
struct NoVerification(Arc<CryptoProvider>);

impl ServerCertVerifier for NoVerification {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
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
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
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
