"""``qawl evaluate-ner``: entity P/R/F1 of a model on a CoNLL file, through the Label Studio path.

The sentences are joined into texts (tokens by spaces, sentences by
newlines, ``--doc-sentences`` sentences a text), annotated by the full
Annotator exactly as ``/predict`` does, and the predicted character regions
are mapped back to the file's tokens: a token is inside a region when it
overlaps it. Scores are entity-level (exact token extent and label), per
label and micro-averaged. ``--dev`` scores only the development split that
``qawl train`` holds out.

``--skip-stage entity_rules`` scores the trained tagger alone: data annotated
under other conventions than the guidelines' (ANERcorp leaves ``الجيش اللبناني``
and ``الحكومة السودانية`` untagged, the guidelines make them ORG) is better
compared without the stage that applies them. Both figures are worth reading.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from ._model import add_model_arguments, load_annotator

NAME = "evaluate-ner"
HELP = "score entity predictions against a CoNLL (TOKEN TAG) file, per label and micro"


def add_arguments(parser) -> None:
    parser.add_argument("--conll", type=Path, required=True)
    add_model_arguments(parser)
    parser.add_argument("--dev", action="store_true", help="score only the held-out development split")
    parser.add_argument("--dev-fraction", type=float, default=0.1)
    parser.add_argument("--doc-sentences", type=int, default=10,
                        help="sentences joined into one annotated text (document-level consistency acts within it)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def documents_from_sentences(sentences, per_doc: int):
    """Texts built from token sentences, with each token's character offsets."""
    for i in range(0, len(sentences), max(1, per_doc)):
        chunk = sentences[i:i + per_doc]
        parts, offsets, cursor = [], [], 0
        for s_index, sentence in enumerate(chunk):
            if s_index:
                parts.append("\n")
                cursor += 1
            sentence_offsets = []
            for t_index, (word, _) in enumerate(sentence):
                if t_index:
                    parts.append(" ")
                    cursor += 1
                parts.append(word)
                sentence_offsets.append((cursor, cursor + len(word)))
                cursor += len(word)
            offsets.append(sentence_offsets)
        yield "".join(parts), chunk, offsets


def score_sentences(annotator, sentences, per_doc: int = 10):
    """Entity scores of ``annotator`` on CoNLL ``sentences``, through character regions mapped back to tokens.

    Returns the per-label and micro result (:func:`qawl.ner.scoring.score_tag_sequences`) and the
    number of tokens seen.
    """
    from ..document import ENTITY, Token
    from ..ner.align import spans_to_tags
    from ..ner.scoring import score_tag_sequences

    pairs = []
    tokens_seen = 0
    for text, chunk, offsets in documents_from_sentences(sentences, per_doc):
        doc = annotator.annotate(text)
        regions = [(s.start, s.end, s.label) for s in doc.spans_of(ENTITY)]
        for sentence, sentence_offsets in zip(chunk, offsets):
            tokens = [Token(a, b, w) for (a, b), (w, _) in zip(sentence_offsets, sentence)]
            predicted = spans_to_tags(tokens, [r for r in regions if r[0] < tokens[-1].end and tokens[0].start < r[1]])
            pairs.append(([t for _, t in sentence], predicted))
            tokens_seen += len(sentence)
    return score_tag_sequences(pairs), tokens_seen


def run(args) -> int:
    from ..ner.conll import read_conll, split_dev
    from ..ner.scoring import format_table

    try:
        sentences = read_conll(args.conll)
    except (OSError, UnicodeDecodeError) as error:
        raise SystemExit(f"qawl evaluate-ner: cannot read {args.conll}: {error}")
    if args.dev:
        sentences = split_dev(sentences, args.dev_fraction)[1]
    annotator = load_annotator(args, NAME)
    started = time.perf_counter()
    result, tokens_seen = score_sentences(annotator, sentences, args.doc_sentences)
    seconds = time.perf_counter() - started
    if args.json:
        print(json.dumps({k: v.as_dict() for k, v in result.items()}, ensure_ascii=False))
    else:
        stages = ", ".join(stage.name for stage in annotator.stages)
        print(f"{len(sentences)} sentences, {tokens_seen} tokens, {seconds:.1f} s; model {annotator.model_dir} ({stages})")
        print(format_table(result))
    return 0
