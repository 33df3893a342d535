"""Finding the headline and the byline the line labels missed.

A headline is one short line among many short lines (menus, teaser titles, buttons), and
what tells it apart is where it sits: just before the article, above its byline and date.
The line-by-line stages see a window of three lines either side, so a headline with a
byline, a date and a share bar under it often comes out as boilerplate, and the page loses
its title (reconstruct promotes the first body line only). A byline under a missed headline
reads like one more menu entry, and is lost with it.

So after decoding, two passes look at the article's head, each with a small logistic
regression over candidate lines: their dense features, their probabilities, and where they
lie against an anchor line and among the other candidates (EXTRA_NAMES).
- headline: the headline-shaped lines among the `reach` lines before the first body line;
  the best one becomes body when it scores the threshold or more;
- byline: the short lines among the `reach` lines after the title line (the first body line,
  when it is headline-shaped) and the BYLINE_ABOVE lines above it; each that scores the
  threshold or more becomes byline, whatever it was labelled;
- headline again: the headline pass may have taken the standfirst under the headline, a
  headline-shaped sentence, for it; a boilerplate candidate among the AGAIN_WITHIN lines
  above the first body line that scores AGAIN_THRESHOLD or more becomes body too.
The scorers are fitted on the training lines as decoded (ModelParams `headline_reach`,
`byline_reach`), the headline scorer also on each training page as it would be had its
headline been missed (as_if_missed, `headline_missed`); a model without them leaves the
labels as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from clf.features import BYLINE_OPENERS
from clf.reconstruct import is_headline
from clf.smoothing import DATE_FORMS, relabeled

EXTRA_NAMES = ("tree_body", "distance", "before", "nearest", "rank", "rel_chars", "longest")
BYLINE_MAX_CHARS = 160  # a longer line is not a byline ("By ..." lines with job titles run long)
BYLINE_ABOVE = 3  # the byline pass also looks at this many lines above the title (author and date over the headline)
# After both passes, the headline pass looks once more (promote_headline_above): when it made the
# standfirst under the headline body, the headline is still boilerplate just above it.
AGAIN_WITHIN = 3  # a boilerplate candidate at most this many lines above the first body line ...
AGAIN_THRESHOLD = 0.5  # ... that scores this much becomes body

# A byline's opener on a line of its own (`Written by`, `By`, `Author:`): the name is the next line.
OPENER_ONLY_RE = re.compile(
    r"^\W*(?:(?:(?:written|posted|published|reviewed|edited|reported|fact[- ]checked|medically\s+reviewed)\s+)?by"
    r"|authors?|von|geschrieben\s+von|par|écrit\s+par|por|escrito\s+por|di|scritto\s+da|door|przez|"
    r"autor|autorin|auteur|autore|autora)\W*$", re.IGNORECASE)
NAME_MAX_WORDS = 8  # the line after an opener is taken for the name when it has at most this many words

# (labels, texts, body label, reach) -> (anchor line or None, candidate lines)
Finder = Callable[[np.ndarray, Sequence[str], int, int], tuple["int | None", list[int]]]
Scorer = Callable[[np.ndarray], np.ndarray]  # candidate features -> probability of the target label


def first_body(labels: np.ndarray, body: int) -> int | None:
    found = np.flatnonzero(labels == body)
    return int(found[0]) if found.size else None


def headline_candidates(labels: np.ndarray, texts: Sequence[str], body: int, reach: int) -> tuple[int | None, list[int]]:
    """The page's first body line (the anchor), and the headline-shaped lines
    (reconstruct.is_headline) among the `reach` lines before it, in page order."""
    first = first_body(labels, body)
    if first is None:
        return None, []
    return first, [i for i in range(max(0, first - reach), first) if is_headline(texts[i])]


def as_if_missed(labels: np.ndarray, texts: Sequence[str], gold: np.ndarray, body: int, boilerplate: int) -> np.ndarray:
    """One training document's labels as decoded, with its first body line made boilerplate
    when that line is headline-shaped and gold body: the page as it would be had the decoder
    missed its headline (a new array when anything changes). On its own training lines the
    decoder seldom misses a headline, so without these pages the headline scorer sees few
    headlines among its candidates (ModelParams `headline_missed`)."""
    first = first_body(labels, body)
    if first is None or gold[first] != body or not is_headline(texts[first]):
        return labels
    return relabeled(labels, [first], boilerplate)


def byline_candidates(labels: np.ndarray, texts: Sequence[str], body: int, reach: int) -> tuple[int | None, list[int]]:
    """The title line (the first body line, when headline-shaped: see reconstruct.find_title)
    as the anchor, and the lines of BYLINE_MAX_CHARS or fewer among the BYLINE_ABOVE before it
    and the `reach` after it, whatever their labels, in page order. All of them, not only those the decoder did not
    call byline: on its training lines the decoder misses far fewer bylines than on new
    pages, so a scorer fitted on its misses alone learnt too low a rate of bylines."""
    title = first_body(labels, body)
    if title is None or not is_headline(texts[title]):
        return None, []
    around = [*range(max(0, title - BYLINE_ABOVE), title), *range(title + 1, min(len(texts), title + 1 + reach))]
    return title, [i for i in around if len(texts[i].strip()) <= BYLINE_MAX_CHARS]


def candidate_features(
    idx: Sequence[int], anchor: int, texts: Sequence[str], dense: np.ndarray, probs: np.ndarray,
    tree_body: np.ndarray | None, reach: int,
) -> np.ndarray:
    """One row per candidate: its dense features and label probabilities (rows of `dense`
    and `probs` given for the candidates only), then EXTRA_NAMES: the trees' body
    probability, the distance to the anchor, whether it lies before the anchor, whether it is
    the candidate nearest the anchor on its side, how many candidates lie between it and the
    anchor on that side, its length against the longest candidate's, and whether it is the
    longest."""
    n = len(idx)
    at = np.asarray(idx)
    distance = np.abs(anchor - at).astype(float)
    before = at < anchor
    nearer = np.zeros(n)  # candidates on the same side of the anchor and nearer it
    for side in (before, ~before):
        nearer[side] = np.argsort(np.argsort(distance[side], kind="stable"), kind="stable")
    chars = np.array([len(texts[i].strip()) for i in idx], dtype=float)
    extra = np.column_stack([
        np.zeros(n) if tree_body is None else np.asarray(tree_body, dtype=float).reshape(n),
        distance / reach,
        before.astype(float),
        (nearer == 0).astype(float),
        nearer / reach,
        chars / max(chars.max(), 1.0),
        (chars == chars.max()).astype(float),
    ])
    return np.hstack([np.asarray(dense, dtype=float), np.asarray(probs, dtype=float), extra])


def promote_headline(labels: np.ndarray, texts: Sequence[str], dense: np.ndarray, probs: np.ndarray,
                     tree_body: np.ndarray | None, score: Scorer, reach: int, threshold: float, body: int) -> np.ndarray:
    """One document's labels with its best headline candidate made body, if it scores
    `threshold` or more (a new array when anything changes)."""
    found = _scores(headline_candidates, labels, texts, dense, probs, tree_body, score, reach, body)
    if found is None:
        return labels
    chosen = best_headline(*found, threshold)
    if chosen is None:
        return labels
    labels = labels.copy()
    labels[chosen] = body
    return labels


def promote_headline_above(labels: np.ndarray, texts: Sequence[str], dense: np.ndarray, probs: np.ndarray,
                           tree_body: np.ndarray | None, score: Scorer, reach: int, body: int, boilerplate: int,
                           within: int = AGAIN_WITHIN, threshold: float = AGAIN_THRESHOLD) -> np.ndarray:
    """One document's labels with the best boilerplate headline candidate among the `within`
    lines above the first body line made body, if it scores `threshold` or more: the
    headline over a standfirst that the headline pass took for it (a new array when
    anything changes)."""
    found = _scores(headline_candidates, labels, texts, dense, probs, tree_body, score, reach, body)
    if found is None:
        return labels
    first = first_body(labels, body)
    assert first is not None  # _scores found an anchor
    near = [(s, i) for i, s in zip(*found) if labels[i] == boilerplate and first - i <= within and s >= threshold]
    if not near:
        return labels
    labels = labels.copy()
    labels[max(near)[1]] = body
    return labels


def best_headline(idx: Sequence[int], scores: np.ndarray, threshold: float) -> int | None:
    """The candidate that scores highest, if that is `threshold` or more."""
    best = int(np.argmax(scores))
    return idx[best] if scores[best] >= threshold else None


def promote_bylines(labels: np.ndarray, texts: Sequence[str], dense: np.ndarray, probs: np.ndarray,
                    tree_body: np.ndarray | None, score: Scorer, reach: int, threshold: float, body: int,
                    byline: int) -> np.ndarray:
    """One document's labels with each byline candidate that scores `threshold` or more
    made byline (a new array when anything changes)."""
    found = _scores(byline_candidates, labels, texts, dense, probs, tree_body, score, reach, body)
    if found is None:
        return labels
    idx, scores = found
    chosen = [i for i, s in zip(idx, scores) if s >= threshold and labels[i] != byline]
    return relabeled(labels, chosen, byline)


def _scores(finder: Finder, labels: np.ndarray, texts: Sequence[str],
            dense: np.ndarray, probs: np.ndarray, tree_body: np.ndarray | None, score: Scorer, reach: int,
            body: int) -> tuple[list[int], np.ndarray] | None:
    anchor, idx = finder(labels, texts, body, reach)
    if anchor is None or not idx:
        return None
    rows = np.asarray(idx)
    features = candidate_features(idx, anchor, texts, dense[rows], probs[rows],
                                  None if tree_body is None else tree_body[rows], reach)
    return idx, score(features)


def complete_bylines(labels: np.ndarray, texts: Sequence[str], byline: int, boilerplate: int) -> np.ndarray:
    """One document's labels with the line after each byline line that is only an opener
    (OPENER_ONLY_RE: `Written by`, `By`) made byline too, when it was boilerplate and reads
    like a name: NAME_MAX_WORDS words or fewer, no full stop, question or exclamation mark at
    its end. Without it the article's byline is `Written by` and the author is lost. (A new
    array when anything changes.)"""
    chosen = [i + 1 for i in np.flatnonzero(labels[:-1] == byline).tolist()
              if labels[i + 1] == boilerplate and OPENER_ONLY_RE.match(texts[i]) and _name_like(texts[i + 1])]
    return relabeled(labels, chosen, byline)


# Buttons and badges that sit with the byline and are no byline: share / follow / print
# buttons, comment links, a reading time alone, separators and icon glyphs.
BUTTON_BYLINE_RE = re.compile(
    r"^\W*(?:share|follow|subscribe|print|e-?mail|listen|save|bookmark|copy link|view comments|posted in|"
    r"filed under|sponsored|table of contents|read more|teilen|drucken|partager|compartir|condividi)\b|"
    r"^\W*(?:\d+|x)\s*min(?:ute)?s?\.?\s*(?:read|lesezeit|de lecture|de lectura)?\W*$|^[\W_]*$|"
    r"^\W*(?:learn more|open share\b.*|(?:(?:facebook|twitter|x|linkedin|pinterest|whatsapp|reddit|threads|"
    r"bluesky|telegram|email|e-mail|flipboard|copy|link)\W*){2,}|facebook|twitter|linkedin|pinterest|whatsapp|"
    r"reddit|flipboard)\W*$",
    re.IGNORECASE)


def drop_button_bylines(labels: np.ndarray, texts: Sequence[str], byline: int, boilerplate: int) -> np.ndarray:
    """One document's labels with byline lines that are buttons or badges (BUTTON_BYLINE_RE:
    `Share`, `Follow`, `12 min read`, `|`) made boilerplate (a new array when anything changes)."""
    hit = [i for i in np.flatnonzero(labels == byline).tolist() if BUTTON_BYLINE_RE.match(texts[i])]
    return relabeled(labels, hit, boilerplate)


# A byline that is only a date (`September 4, 2025`, `Updated on 30 Sep 2022, 11:07am`) with the
# author's name alone on a line beside it (`Andrew King`): the byline pass scores each line on
# its own, and a bare name reads like a menu entry. The date is one of clf.smoothing.DATE_FORMS, after
# an opener and a weekday, before a time of day.
DATE_ONLY_RE = re.compile(
    rf"^\W*(?:(?:published|posted|updated|last\s+updated|on)\W*)*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?{DATE_FORMS}"
    rf"(?:,?\s*(?:at\s+)?\d{{1,2}}[:.]\d\d\s*(?:[ap]\.?m\.?)?(?:\s+[a-z]{{2,4}})?)?\W*$",
    re.IGNORECASE | re.VERBOSE)
_NAME_WORD = r"(?:[A-Z][a-z'\u2019-]+|[A-Z]\.)"
_PARTICLES = r"van|von|de|der|da|di|du|la|le|del"  # between a name's capitalised words
PERSON_NAME_RE = re.compile(
    rf"^{_NAME_WORD}(?:\s+(?:(?:{_PARTICLES}|bin|al)\s+)?{_NAME_WORD}){{1,3}}$")
PERSON_NAME_MAX_CHARS = 40
NOT_NAME_WORDS = frozenset("""
    now us our your you more log sign start trial free contact home menu search about order subscribe
    services service partner with read view all top best new latest news blog learn get join shop cart
    account login careers help support team the and for of to in on at by my privacy terms policy cookies
    skip main content back next previous share follow print email call book today guide guides tips page
    """.split())
NAME_BESIDE_DATE_WITHIN = 2  # lines above or below the date


def names_beside_dates(labels: np.ndarray, texts: Sequence[str], rare: Callable[[str], bool], byline: int,
                       boilerplate: int, within: int = NAME_BESIDE_DATE_WITHIN) -> np.ndarray:
    """One document's labels with a person's name beside each byline line that is only a date
    made byline: the nearest boilerplate line within `within` lines that is two to four
    capitalised words (PERSON_NAME_RE), none of them a menu word (NOT_NAME_WORDS), and
    `rare` (words that few training lines hold, as names are and `Copy Link` is not). A new
    array when anything changes."""
    chosen = []
    for i in np.flatnonzero(labels == byline).tolist():
        if not DATE_ONLY_RE.match(texts[i].strip()):
            continue
        for step in range(1, within + 1):
            near = [j for j in (i - step, i + step) if 0 <= j < len(texts) and labels[j] == boilerplate
                    and _person_name(texts[j].strip(), rare)]
            if near:
                chosen.append(near[0])
                break
    return relabeled(labels, chosen, byline)


# "By" and a name near the title: `By Workzone Team• 4 mins read`, `by Linda Rosencrance`,
# `By Dr. Jane Doe | March 3, 2024`. The byline scorer weighs such a line with its neighbours
# and now and then leaves it out; the words themselves leave no doubt. Not a day or a month
# (`By Tuesday, the council ...`) nor a sentence (`By The Time ...` has lower-case words after).
_BY_NAME_WORD = r"(?:[A-Z][A-Za-z'\u2019-]+\.?|[A-Z]\.)"  # `Jane`, `DOE`, `Dr.`, `J.`
BY_NAME_RE = re.compile(
    r"^\W*(?i:by)\s*:?\s+(?!(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|"
    r"april|june|july|august|september|october|november|december|the|this|that|these|those|then|now|far|contrast|"
    r"comparison|default|design|using|doing|making|taking|clicking|most|some|all|way)\b)"
    rf"{_BY_NAME_WORD}(?:\s+(?:(?:{_PARTICLES}|and|&)\s+)?{_BY_NAME_WORD}){{0,3}}"
    r"\s*(?:$|[|\u2022\u00b7,\u2013\u2014-]|\s{2})")
BY_NAME_MAX_CHARS = 120


def by_name_bylines(labels: np.ndarray, texts: Sequence[str], body: int, byline: int, reach: int) -> np.ndarray:
    """One document's labels with each byline candidate (byline_candidates) that opens on "By"
    and a name (BY_NAME_RE, BY_NAME_MAX_CHARS or fewer) made byline (a new array when anything
    changes)."""
    _, idx = byline_candidates(labels, texts, body, reach)
    chosen = [i for i in idx if labels[i] != byline and len(texts[i].strip()) <= BY_NAME_MAX_CHARS
              and BY_NAME_RE.match(texts[i].strip())]
    return relabeled(labels, chosen, byline)


# A run of lines called byline with nothing of a byline in them: a table of contents or a menu
# under the headline (`Integration with Existing Systems`, `Scalability Issues`, `Privacy and
# Compliance`), which the byline scorer took line by line for an author box. A byline's cue is a
# digit or one of the openers the model's features know (clf.features.BYLINE_OPENERS), or
# `Reviewed`, `Edited`, `di` (OPENER_ONLY_RE's).
BYLINE_CUE_RE = re.compile(
    rf"\d|^\W*(?:{'|'.join(sorted(BYLINE_OPENERS | {'di', 'reviewed', 'edited'}))})\b", re.IGNORECASE)
HEADING_RUN_MIN = 3


def drop_heading_runs(labels: np.ndarray, texts: Sequence[str], rare: Callable[[str], bool], byline: int,
                      boilerplate: int, min_run: int = HEADING_RUN_MIN) -> np.ndarray:
    """One document's labels with each run of `min_run` or more byline lines of which none holds
    a digit or a byline's opener (BYLINE_CUE_RE) or reads as a name (`rare`) made boilerplate (a
    new array when anything changes)."""
    where = np.flatnonzero(labels == byline)
    if where.size < min_run:
        return labels
    runs = np.split(where, np.flatnonzero(np.diff(where) > 1) + 1)
    hit = [int(i) for run in runs if run.size >= min_run
           and not any(BYLINE_CUE_RE.search(texts[j]) or rare(texts[j].strip()) for j in run) for i in run]
    return relabeled(labels, hit, boilerplate)


def _person_name(text: str, rare: Callable[[str], bool]) -> bool:
    return (len(text) <= PERSON_NAME_MAX_CHARS and PERSON_NAME_RE.match(text) is not None
            and not any(word.lower() in NOT_NAME_WORDS for word in text.split()) and rare(text))


def _name_like(text: str) -> bool:
    text = text.strip()
    return 0 < len(text.split()) <= NAME_MAX_WORDS and not text.endswith((".", "?", "!"))
