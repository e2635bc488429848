//! When an engine object was made, as the engine records it: what lets a step reset tell the
//! step's own work from what came before.

use bollard::query_parameters::{InspectContainerOptions, InspectNetworkOptions};

use super::{Engine, EngineError, ResourceKind};

impl Engine {
    /// Unix seconds at which the object of `kind` named `name` was created; `None` when it is
    /// gone or the engine gives no readable time.
    pub async fn created_at(
        &self,
        kind: ResourceKind,
        name: &str,
    ) -> Result<Option<u64>, EngineError> {
        let stamp = match kind {
            ResourceKind::Container => self
                .call(
                    "inspect container",
                    self.docker
                        .inspect_container(name, None::<InspectContainerOptions>),
                )
                .await
                .map(|c| c.created),
            ResourceKind::Image => self
                .call("inspect image", self.docker.inspect_image(name))
                .await
                .map(|i| i.created),
            ResourceKind::Volume => self
                .call("inspect volume", self.docker.inspect_volume(name))
                .await
                .map(|v| v.created_at),
            ResourceKind::Network => self
                .call(
                    "inspect network",
                    self.docker
                        .inspect_network(name, Some(InspectNetworkOptions::default())),
                )
                .await
                .map(|n| n.created),
        };
        match stamp {
            Ok(stamp) => Ok(stamp.as_deref().and_then(unix_seconds)),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// Unix seconds of an RFC 3339 time as the engine writes it (`2026-12-01T10:27:23.5Z`,
/// `2026-12-01T11:27:23+01:00`); fractions of a second are dropped.
pub fn unix_seconds(text: &str) -> Option<u64> {
    let (date, rest) = text.split_once('T')?;
    let mut ymd = date.split('-').map(|p| p.parse::<i64>().ok());
    let (year, month, day) = (ymd.next()??, ymd.next()??, ymd.next()??);
    let clock_end = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let (clock, zone) = rest.split_at(clock_end);
    let clock = clock.split('.').next()?;
    let mut hms = clock.split(':').map(|p| p.parse::<i64>().ok());
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    let offset = match zone.chars().next() {
        Some(sign @ ('+' | '-')) => {
            let (oh, om) = zone[1..].split_once(':')?;
            let minutes = oh.parse::<i64>().ok()? * 60 + om.parse::<i64>().ok()?;
            if sign == '+' {
                minutes * 60
            } else {
                -minutes * 60
            }
        }
        _ => 0,
    };
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + h * 3600 + m * 60 + s - offset;
    u64::try_from(secs).ok()
}

/// Days since 1970-01-01 of a Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_times_read_as_unix_seconds() {
        assert_eq!(unix_seconds("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            unix_seconds("2026-12-01T10:27:23.123456789Z"),
            Some(1_796_120_843)
        );
        assert_eq!(
            unix_seconds("2026-12-01T11:27:23+01:00"),
            Some(1_796_120_843)
        );
        assert_eq!(unix_seconds("2024-02-29T00:00:00Z"), Some(1_709_164_800));
        assert_eq!(unix_seconds("not a time"), None);
    }
}
