//! Word wrapping of styled text to a width, keeping each word's styles.

use ratatui::text::Span;

/// A run of styled text with no whitespace in it, or a break.
enum Token {
    Word(Vec<Span<'static>>),
    Space,
    Break,
}

/// Display width of a string (wide characters count two).
pub fn width_of(text: &str) -> usize {
    Span::raw(text).width()
}

fn span_width(spans: &[Span<'_>]) -> usize {
    spans.iter().map(Span::width).sum()
}

/// Splits `spans` into words, spaces and hard breaks (`\n`).
fn tokens(spans: &[Span<'static>]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut word: Vec<Span<'static>> = Vec::new();
    for span in spans {
        let mut buf = String::new();
        for ch in span.content.chars() {
            if ch == '\n' || ch.is_whitespace() {
                if !buf.is_empty() {
                    word.push(Span::styled(std::mem::take(&mut buf), span.style));
                }
                if !word.is_empty() {
                    out.push(Token::Word(std::mem::take(&mut word)));
                }
                if ch == '\n' {
                    out.push(Token::Break);
                } else if !matches!(out.last(), Some(Token::Space)) {
                    out.push(Token::Space);
                }
            } else {
                buf.push(ch);
            }
        }
        if !buf.is_empty() {
            word.push(Span::styled(buf, span.style));
        }
    }
    if !word.is_empty() {
        out.push(Token::Word(word));
    }
    out
}

/// Wraps styled text to `width` columns: whitespace collapses, `\n` forces a break, and a word
/// longer than the width is cut. Always returns at least one (maybe empty) line.
pub fn wrap(spans: &[Span<'static>], width: usize) -> Vec<Vec<Span<'static>>> {
    let width = width.max(1);
    let mut lines: Vec<Vec<Span<'static>>> = Vec::new();
    let mut line: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    let mut space = false;
    for token in tokens(spans) {
        match token {
            Token::Space => space = used > 0,
            Token::Break => {
                lines.push(std::mem::take(&mut line));
                used = 0;
                space = false;
            }
            Token::Word(word) => {
                let w = span_width(&word);
                if used > 0 && used + usize::from(space) + w > width {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                } else if used > 0 && space {
                    line.push(Span::raw(" "));
                    used += 1;
                }
                space = false;
                if w <= width - used {
                    used += w;
                    line.extend(word);
                } else {
                    for piece in cut(word, width) {
                        if used > 0 {
                            lines.push(std::mem::take(&mut line));
                        }
                        used = span_width(&piece);
                        line = piece;
                    }
                }
            }
        }
    }
    lines.push(line);
    lines
}

/// Cuts one over-long word into pieces of at most `width` columns.
fn cut(word: Vec<Span<'static>>, width: usize) -> Vec<Vec<Span<'static>>> {
    let mut pieces = Vec::new();
    let mut piece: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for span in word {
        let mut buf = String::new();
        for ch in span.content.chars() {
            let w = width_of(ch.encode_utf8(&mut [0; 4]));
            if used + w > width && used > 0 {
                if !buf.is_empty() {
                    piece.push(Span::styled(std::mem::take(&mut buf), span.style));
                }
                pieces.push(std::mem::take(&mut piece));
                used = 0;
            }
            buf.push(ch);
            used += w;
        }
        if !buf.is_empty() {
            piece.push(Span::styled(buf, span.style));
        }
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    pieces
}

/// Cuts plain text (command output, code) at `width` columns, line by line, without
/// touching its spaces: after the last space of a full line when there is one, else mid-word.
pub fn hard_wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for line in text.split('\n') {
        let mut current = String::new();
        let mut used = 0;
        for ch in line.chars() {
            let w = width_of(ch.encode_utf8(&mut [0; 4]));
            if used + w > width {
                let carry = match current.rfind(' ') {
                    Some(space) if space > 0 => current.split_off(space + 1),
                    _ => String::new(),
                };
                used = width_of(&carry);
                out.push(std::mem::replace(&mut current, carry));
            }
            current.push(ch);
            used += w;
        }
        out.push(current);
    }
    out
}

/// Like [`hard_wrap`], for code: the rest of a cut line keeps the line's own indentation and
/// two spaces more, so a long command still reads as one command and nested lines stay nested.
pub fn code_wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for line in text.split('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let hang = (indent + 2).min(width / 2);
        let mut pieces = hard_wrap(line, width).into_iter();
        let Some(first) = pieces.next() else {
            continue;
        };
        out.push(first);
        let rest: String = pieces.collect();
        if rest.is_empty() {
            continue;
        }
        for piece in hard_wrap(rest.trim_start(), width - hang) {
            out.push(format!("{}{piece}", " ".repeat(hang)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Modifier, Style};

    fn text(lines: &[Vec<Span<'static>>]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn words_wrap_at_the_width_and_spaces_collapse() {
        let spans = vec![Span::raw("one  two three four")];
        assert_eq!(text(&wrap(&spans, 9)), vec!["one two", "three", "four"]);
    }

    #[test]
    fn a_styled_word_split_across_spans_stays_together() {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let spans = vec![
            Span::raw("aa "),
            Span::styled("bb", bold),
            Span::raw("cc dd"),
        ];
        let lines = wrap(&spans, 5);
        assert_eq!(text(&lines), vec!["aa", "bbcc", "dd"]);
        assert_eq!(lines[1][0].style, bold);
    }

    #[test]
    fn an_overlong_word_is_cut() {
        let spans = vec![Span::raw("x abcdefghij")];
        assert_eq!(text(&wrap(&spans, 4)), vec!["x", "abcd", "efgh", "ij"]);
    }

    #[test]
    fn a_newline_forces_a_break() {
        let spans = vec![Span::raw("one\ntwo")];
        assert_eq!(text(&wrap(&spans, 20)), vec!["one", "two"]);
    }

    #[test]
    fn hard_wrap_keeps_spaces() {
        assert_eq!(hard_wrap("ab  cd", 3), vec!["ab ", " cd"]);
    }

    #[test]
    fn hard_wrap_breaks_after_a_space_when_it_can() {
        assert_eq!(hard_wrap("remove it now", 9), vec!["remove ", "it now"]);
        assert_eq!(hard_wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
    }

    #[test]
    fn a_cut_code_line_keeps_its_indentation_and_hangs_under_itself() {
        assert_eq!(
            code_wrap("docker run -d --name web -p 8080:80 busybox", 20),
            vec!["docker run -d ", "  --name web -p ", "  8080:80 busybox"]
        );
        assert_eq!(
            code_wrap("    RUN apt-get update && apt-get install -y curl", 24),
            vec![
                "    RUN apt-get update ",
                "      && apt-get ",
                "      install -y curl"
            ]
        );
        assert_eq!(code_wrap("short\n  nested", 20), vec!["short", "  nested"]);
    }
}
