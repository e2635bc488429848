//! Grading image checks: how an image was built (layers, history) and how it is configured.

use super::container::{
    grade_env, grade_labels, grade_user, is_image_id, normalise_reference, plural,
};
use super::{Findings, GradeContext, ImageCheck, Verdict};
use crate::engine::{Engine, EngineError, ImageFacts};
use crate::{tr, trf};

/// Grades an image check against the engine.
pub async fn evaluate(check: &ImageCheck, ctx: &GradeContext<'_>) -> Verdict {
    let subject = trf!("image `{}`", check.reference);
    match grade(check, ctx.engine, &subject).await {
        Ok(verdict) => verdict,
        Err(e) => Verdict::error(subject, e.to_string()),
    }
}

async fn grade(check: &ImageCheck, engine: &Engine, subject: &str) -> Result<Verdict, EngineError> {
    let mut f = Findings::new(subject);
    let want_exists = check.exists.unwrap_or(true);
    let image = engine
        .image(&check.reference)
        .await?
        .filter(|image| is_exactly(&check.reference, image));
    let Some(image) = f.presence(image, want_exists) else {
        return Ok(f.into_verdict(check.message.as_deref()));
    };
    let history = if check.history_contains.is_empty() {
        Vec::new()
    } else {
        engine.image_history(&image.id).await?
    };
    grade_facts(check, &image, &history, &mut f);
    if check.layers_added_min.is_some() || check.layers_added_max.is_some() {
        let base = check.base.as_deref().unwrap_or("busybox:latest");
        let base_image = engine.image(base).await?;
        grade_layers_added(check, base, &image, base_image.as_ref(), &mut f);
    }
    for key in &check.label_keys {
        f.expect(
            image.labels.contains_key(key),
            trf!("has label `{}`", key),
            trf!("has no label `{}`", key),
        );
    }
    Ok(f.into_verdict(check.message.as_deref()))
}

/// Layers on top of the base image, so a lesson holds whatever the base's own layer count
/// (the offline busybox and Docker Hub's differ). The base's layers must come first.
fn grade_layers_added(
    check: &ImageCheck,
    base: &str,
    image: &ImageFacts,
    base_image: Option<&ImageFacts>,
    f: &mut Findings,
) {
    let Some(base_image) = base_image else {
        f.wrong(trf!(
            "cannot be compared with `{}`, which is not here",
            base
        ));
        return;
    };
    if !image.layer_ids.starts_with(&base_image.layer_ids) {
        f.wrong(trf!("is not built on `{}` (its first layers differ)", base));
        return;
    }
    let added = image.layers - base_image.layers;
    let shown = plural(added, tr!("layer"), tr!("layers"));
    if let Some(min) = check.layers_added_min {
        f.expect(
            added >= min,
            trf!("adds {} to `{}`", shown, base),
            trf!("adds {} to `{}`; expected at least {}", shown, base, min),
        );
    }
    if let Some(max) = check.layers_added_max {
        f.expect(
            added <= max,
            trf!("adds {} to `{}`", shown, base),
            trf!("adds {} to `{}`; expected at most {}", shown, base, max),
        );
    }
}

/// The engine also resolves `web` to an image whose id starts with `web...`; only a tag, a
/// digest or an id that the learner named counts.
fn is_exactly(reference: &str, image: &ImageFacts) -> bool {
    if is_image_id(reference) {
        let hex = |id: &str| id.trim_start_matches("sha256:").to_ascii_lowercase();
        return hex(&image.id).starts_with(&hex(reference));
    }
    let want = normalise_reference(reference);
    image
        .repo_tags
        .iter()
        .chain(&image.repo_digests)
        .any(|name| normalise_reference(name) == want)
}

fn grade_facts(check: &ImageCheck, image: &ImageFacts, history: &[String], f: &mut Findings) {
    let layers = plural(image.layers, tr!("layer"), tr!("layers"));
    if let Some(min) = check.layers_min {
        f.expect(
            image.layers >= min,
            trf!("has {}", layers),
            trf!("has {}; expected at least {}", layers, min),
        );
    }
    if let Some(max) = check.layers_max {
        f.expect(
            image.layers <= max,
            trf!("has {}", layers),
            trf!("has {}; expected at most {}", layers, max),
        );
    }
    let steps: Vec<String> = history.iter().map(|h| normalise_history(h)).collect();
    for needle in &check.history_contains {
        match steps.iter().find(|s| s.contains(needle.as_str())) {
            Some(step) => f.right(trf!("was built with `{}`", step)),
            None => f.wrong(trf!("has no build step containing `{}`", needle)),
        }
    }
    if let Some(cmd) = &check.cmd {
        grade_vector("CMD", cmd, &image.cmd, f);
    }
    if let Some(entrypoint) = &check.entrypoint {
        grade_vector("ENTRYPOINT", entrypoint, &image.entrypoint, f);
    }
    grade_exposed(&check.exposed_ports, &image.exposed_ports, f);
    if let Some(workdir) = &check.workdir {
        let clean = |d: &str| match d.trim_end_matches('/') {
            "" => "/".to_owned(),
            d => d.to_owned(),
        };
        let actual = clean(&image.workdir);
        f.expect(
            actual == clean(workdir),
            trf!("works in `{}`", actual),
            trf!("works in `{}`; expected `{}`", actual, clean(workdir)),
        );
    }
    if let Some(user) = &check.user {
        grade_user(user, &image.user, f);
    }
    grade_env(&check.env, &image.env, f);
    grade_labels(&check.labels, &image.labels, f);
    if let Some(max) = check.size_max_mb {
        // Megabytes as the docker CLI counts them.
        let mb = image.size_bytes as f64 / 1_000_000.0;
        f.expect(
            mb <= max,
            trf!("is {} MB", format!("{mb:.1}")),
            trf!("is {} MB; expected at most {} MB", format!("{mb:.1}"), max),
        );
    }
}

/// CMD or ENTRYPOINT, compared as argument vectors and shown in a Dockerfile's JSON form.
fn grade_vector(instruction: &str, want: &[String], actual: &[String], f: &mut Findings) {
    let json = |v: &[String]| serde_json::to_string(v).unwrap_or_default();
    let found = if actual.is_empty() {
        trf!("has no {}", instruction)
    } else {
        trf!("has {} {}", instruction, json(actual))
    };
    f.expect(
        want == actual,
        found.clone(),
        trf!("{}; expected {}", found, json(want)),
    );
}

fn grade_exposed(expected: &[String], actual: &[String], f: &mut Findings) {
    let with_protocol = |p: &str| {
        if p.contains('/') {
            p.to_owned()
        } else {
            format!("{p}/tcp")
        }
    };
    for port in expected.iter().map(|p| with_protocol(p.trim())) {
        let exposes = if actual.is_empty() {
            tr!("it exposes nothing").to_owned()
        } else {
            trf!("it exposes {}", actual.join(", "))
        };
        f.expect(
            actual.contains(&port),
            trf!("exposes {}", port),
            trf!("does not expose {} ({})", port, exposes),
        );
    }
}

/// A history entry as the Dockerfile instruction that made it, whichever builder wrote it:
/// legacy `/bin/sh -c #(nop)  CMD ["sh"]` is `CMD ["sh"]`, legacy `/bin/sh -c apk add x` is
/// `RUN apk add x`, BuildKit `RUN /bin/sh -c apk add x # buildkit` is `RUN apk add x`.
pub(super) fn normalise_history(created_by: &str) -> String {
    let mut text = strip_build_args(created_by.trim());
    if let Some(rest) = text.strip_suffix("# buildkit") {
        text = rest.trim_end();
    }
    let instruction = if let Some(rest) = text.strip_prefix("/bin/sh -c #(nop)") {
        rest.trim().to_owned()
    } else if let Some(rest) = text.strip_prefix("/bin/sh -c ") {
        format!("RUN {}", rest.trim())
    } else if let Some(rest) = text.strip_prefix("RUN /bin/sh -c ") {
        format!("RUN {}", rest.trim())
    } else {
        text.to_owned()
    };
    instruction.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The legacy builder prefixes steps run with build arguments by `|2 A=1 B=2 `.
fn strip_build_args(text: &str) -> &str {
    let Some(rest) = text.strip_prefix('|') else {
        return text;
    };
    let Some((count, mut rest)) = rest.split_once(' ') else {
        return text;
    };
    let Ok(count) = count.parse::<usize>() else {
        return text;
    };
    for _ in 0..count {
        rest = rest.split_once(' ').map_or("", |(_, r)| r);
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_and_buildkit_history_read_as_instructions() {
        assert_eq!(
            normalise_history(r#"/bin/sh -c #(nop)  CMD ["sh"]"#),
            r#"CMD ["sh"]"#
        );
        assert_eq!(normalise_history("/bin/sh -c #(nop) USER app"), "USER app");
        assert_eq!(
            normalise_history("/bin/sh -c echo hi > /x"),
            "RUN echo hi > /x"
        );
        assert_eq!(
            normalise_history("RUN /bin/sh -c apk add curl # buildkit"),
            "RUN apk add curl"
        );
        assert_eq!(normalise_history("USER app"), "USER app");
        assert_eq!(
            normalise_history("|2 A=1 B=2 /bin/sh -c echo $A"),
            "RUN echo $A"
        );
        assert_eq!(
            normalise_history("/bin/busybox --install -s /bin"),
            "/bin/busybox --install -s /bin"
        );
    }

    #[test]
    fn a_tag_names_only_that_image() {
        let image = ImageFacts {
            id: "sha256:daef4faecfa1aaaa".into(),
            repo_tags: vec!["busybox:latest".into()],
            ..Default::default()
        };
        assert!(is_exactly("busybox", &image));
        assert!(is_exactly("docker.io/library/busybox:latest", &image));
        assert!(is_exactly("daef4faecfa1", &image));
        assert!(!is_exactly("busybox:1.36", &image));
    }

    #[test]
    fn cmd_is_shown_in_json_form() {
        let mut f = Findings::new("image `web`");
        grade_vector(
            "CMD",
            &["httpd".into(), "-f".into()],
            &["sh".into()],
            &mut f,
        );
        assert_eq!(
            f.into_verdict(None).message,
            r#"image `web` has CMD ["sh"]; expected ["httpd","-f"]"#
        );
    }

    #[test]
    fn a_port_without_protocol_means_tcp() {
        let mut f = Findings::new("image `web`");
        grade_exposed(&["80".into()], &["80/tcp".into()], &mut f);
        assert!(f.into_verdict(None).passed());
        let mut f = Findings::new("image `web`");
        grade_exposed(&["8080".into()], &[], &mut f);
        assert_eq!(
            f.into_verdict(None).message,
            "image `web` does not expose 8080/tcp (it exposes nothing)"
        );
    }
}
