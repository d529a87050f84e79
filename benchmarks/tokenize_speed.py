"""Tokenizing: qawl's fast path against camel-tools' tokenizer, on every ``news_raw`` article.

Run: ``.venv/bin/python benchmarks/tokenize_speed.py [--articles N]`` (all 29,297 articles by default, about
40 seconds).

``qawl.document`` takes a word with no character that could start a split-off symbol whole and hands the
others to camel-tools' ``simple_word_tokenize``. This script checks that the tokens are the same as camel-tools'
on each article (title and text, as the speed benchmarks read them) and prints both times, taking turns
article by article so both see the machine's same phases.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import sys
import time

from camel_tools.tokenizers.word import simple_word_tokenize

from qawl.document import _words
from qawl.settings import shared_data_dir


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=None, help="the first N articles (default: all)")
    args = parser.parse_args()
    path = shared_data_dir() / "news_raw" / "ant_news.jsonl.gz"
    if not path.is_file():
        print(f"no news_raw at {path}", file=sys.stderr)
        return 2
    camel = fast = 0.0
    count = differ = 0
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for record in map(json.loads, itertools.islice(handle, args.articles)):
            text = (record.get("title") or "") + "\n" + record["text"]
            started = time.perf_counter()
            expected = simple_word_tokenize(text)
            middle = time.perf_counter()
            got = _words(text)
            fast += time.perf_counter() - middle
            camel += middle - started
            count += 1
            differ += got != expected
    print(f"{count} news_raw articles: the same tokens in {count - differ}, different in {differ}")
    print(f"camel-tools: {1000 * camel / count:.3f} ms per article; qawl: {1000 * fast / count:.3f} ms "
          f"({camel / fast:.1f}x faster)")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
