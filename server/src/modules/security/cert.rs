//! What the monitors read from a site's certificate: its expiry (`notAfter`) and its
//! issuer's common name, from the DER the handshake carried. A short reader of the few
//! fields needed (RFC 5280 §4.1), not a validator: rustls/webpki judge validity.

/// A certificate's expiry (microseconds since 1970, UTC) and its issuer's common name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertFacts {
    pub not_after: i64,
    pub issuer: Option<String>,
}

/// One DER element: its tag, its contents, and what follows it.
fn element(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    Some((tag, &rest[..len], &rest[len..]))
}

const SEQUENCE: u8 = 0x30;
const SET: u8 = 0x31;
const OID: u8 = 0x06;
const UTC_TIME: u8 = 0x17;
const GENERALIZED_TIME: u8 = 0x18;
/// id-at-commonName, 2.5.4.3.
const COMMON_NAME: [u8; 3] = [0x55, 0x04, 0x03];

/// Reads a certificate's expiry and issuer; None when it is not a certificate.
pub fn facts(der: &[u8]) -> Option<CertFacts> {
    let (SEQUENCE, cert, _) = element(der)? else {
        return None;
    };
    let (SEQUENCE, tbs, _) = element(cert)? else {
        return None;
    };
    let mut rest = tbs;
    // version [0] EXPLICIT, present from v2 on.
    let (tag, _, after) = element(rest)?;
    if tag == 0xa0 {
        rest = after;
    }
    let (_serial, _, rest) = element(rest)?;
    let (_signature, _, rest) = element(rest)?;
    let (SEQUENCE, issuer, rest) = element(rest)? else {
        return None;
    };
    let (SEQUENCE, validity, _) = element(rest)? else {
        return None;
    };
    let (_, _, validity) = element(validity)?;
    let (tag, not_after, _) = element(validity)?;
    Some(CertFacts {
        not_after: time(tag, not_after)?,
        issuer: common_name(issuer),
    })
}

/// UTCTime (`YYMMDDHHMMSSZ`, years 1950–2049) or GeneralizedTime (`YYYYMMDDHHMMSSZ`).
fn time(tag: u8, v: &[u8]) -> Option<i64> {
    let s = std::str::from_utf8(v).ok()?;
    let full = match tag {
        UTC_TIME => {
            let yy: i32 = s.get(..2)?.parse().ok()?;
            format!("{}{s}", if yy < 50 { "20" } else { "19" })
        }
        GENERALIZED_TIME => s.to_owned(),
        _ => return None,
    };
    let body = full.strip_suffix('Z')?;
    let t = chrono::NaiveDateTime::parse_from_str(body.get(..14)?, "%Y%m%d%H%M%S").ok()?;
    Some(t.and_utc().timestamp_micros())
}

/// The last common name of a distinguished name, as text.
fn common_name(mut name: &[u8]) -> Option<String> {
    let mut found = None;
    while let Some((SET, set, rest)) = element(name) {
        name = rest;
        let mut attrs = set;
        while let Some((SEQUENCE, attr, more)) = element(attrs) {
            attrs = more;
            let Some((OID, oid, value)) = element(attr) else {
                continue;
            };
            if oid == COMMON_NAME {
                if let Some((tag, text, _)) = element(value) {
                    found = match tag {
                        // BMPString: UTF-16BE.
                        0x1e => {
                            let units: Vec<u16> = text
                                .chunks_exact(2)
                                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                                .collect();
                            Some(String::from_utf16_lossy(&units))
                        }
                        _ => Some(String::from_utf8_lossy(text).into_owned()),
                    };
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A certificate made by `openssl req -x509 -subj /CN=ioc-test -days 30` (EC P-256).
    const PEM: &str = "MIIBfDCCASGgAwIBAgIUVaFV3HoS467v5UuZeF9RiborJDwwCgYIKoZIzj0EAwIw\
                       EzERMA8GA1UEAwwIaW9jLXRlc3QwHhcNMjYxMjA0MTEzOTMyWhcNMjcwMTAzMTEz\
                       OTMyWjATMREwDwYDVQQDDAhpb2MtdGVzdDBZMBMGByqGSM49AgEGCCqGSM49AwEH\
                       A0IABC3N7sT2rSzkeOoZx0dk0P3Z+qE2BaqpZJiY1RVIkf9aFs1unYchz8lBXxKV\
                       Z2yw8FUKd2QSggAsdbixsDRKGqijUzBRMB0GA1UdDgQWBBRXV+wEuvv0M4yqSsIc\
                       H3vVM2blTDAfBgNVHSMEGDAWgBRXV+wEuvv0M4yqSsIcH3vVM2blTDAPBgNVHRMB\
                       Af8EBTADAQH/MAoGCCqGSM49BAMCA0kAMEYCIQDcTyrvPsIQIaGPnjWP/1FWxj3C\
                       VB+U3t+ajlQ4Ly2A6gIhANScYLOMzNrpHeuU72bV4gSBAgcJK3XsbCBNQKCWopjj";

    #[test]
    fn reads_the_expiry_and_the_issuer() {
        use base64::Engine as _;
        let der = base64::engine::general_purpose::STANDARD
            .decode(PEM)
            .unwrap();
        let f = facts(&der).expect("a certificate");
        assert_eq!(f.issuer.as_deref(), Some("ioc-test"));
        let want = chrono::NaiveDate::from_ymd_opt(2027, 1, 3)
            .unwrap()
            .and_hms_opt(11, 39, 32)
            .unwrap()
            .and_utc()
            .timestamp_micros();
        assert_eq!(f.not_after, want);
    }

    #[test]
    fn reads_both_time_forms() {
        let y2049 = time(UTC_TIME, b"491231235959Z").unwrap();
        let y1950 = time(UTC_TIME, b"500101000000Z").unwrap();
        assert!(y1950 < y2049);
        assert_eq!(
            time(GENERALIZED_TIME, b"20500101000000Z"),
            Some(
                chrono::NaiveDate::from_ymd_opt(2050, 1, 1)
                    .unwrap()
                    .and_hms_opt(0, 0, 0)
                    .unwrap()
                    .and_utc()
                    .timestamp_micros()
            )
        );
        assert_eq!(time(UTC_TIME, b"2501"), None);
        assert_eq!(time(0x0c, b"500101000000Z"), None);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Whatever a server sends, reading it answers (no panic, no overflow).
        #[test]
        fn any_bytes_are_read_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let _ = facts(&bytes);
        }

        #[test]
        fn cut_certificates_are_refused_or_read(cut in 0usize..400) {
            use base64::Engine as _;
            let der = base64::engine::general_purpose::STANDARD.decode(PEM).unwrap();
            let _ = facts(&der[..cut.min(der.len())]);
        }
    }
}
