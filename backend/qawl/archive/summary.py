"""What an archive run did: shards done now, skipped as finished, failed; articles, quotes, entities, errors, speed."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["RunReport"]

_COUNTS = ("articles", "records", "quotes", "entities", "errors")


@dataclass
class RunReport:
    """The outcome of one run. ``done`` and ``skipped`` hold each shard's counts (its done marker's,
    for a skipped shard); ``failed`` maps a shard's name to why it failed: a rerun does it again."""

    engine: str
    output: str
    seconds: float = 0.0
    done: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    workers: int = 0

    @property
    def shards(self) -> int:
        return len(self.done) + len(self.skipped) + len(self.failed)

    def totals(self, which: str = "done") -> dict[str, int]:
        """Counts over the shards done now (``done``) or over every finished shard (``all``)."""
        stats = self.done if which == "done" else self.done + self.skipped
        return {name: sum(int(s.get(name) or 0) for s in stats) for name in _COUNTS}

    @property
    def articles_per_second(self) -> float:
        return self.totals()["articles"] / self.seconds if self.seconds > 0 else 0.0

    @property
    def ok(self) -> bool:
        return not self.failed

    def memory_line(self) -> str | None:
        """Each worker process's peak memory after its first and its last shard: flat when the model is
        loaded once and nothing piles up."""
        by_worker: dict[str, list[float]] = {}
        for stats in self.done:
            if stats.get("peak_rss_mb") is not None:
                by_worker.setdefault(stats.get("worker", "?"), []).append(stats["peak_rss_mb"])
        if not by_worker:
            return None
        parts = [f"{peaks[0]:.0f}→{peaks[-1]:.0f} MB over {len(peaks)} shard(s)" for peaks in by_worker.values()]
        return f"peak memory per worker process, first → last shard: {'; '.join(parts)}"

    def lines(self) -> list[str]:
        now, everything = self.totals(), self.totals("all")
        this_run = (f"this run: {now['articles']} articles, {now['quotes']} quotes, {now['entities']} entities, "
                    f"{now['errors']} errors in {self.seconds:.1f} s: {self.articles_per_second:.1f} articles/s"
                    if self.done or self.failed else "this run: nothing left to do")
        out = [f"{self.shards} shard(s): {len(self.done)} done now, {len(self.skipped)} finished before "
               f"(skipped), {len(self.failed)} failed; engine {self.engine}", this_run]
        if self.skipped:
            out.append(f"all finished shards: {everything['articles']} articles, {everything['quotes']} quotes, "
                       f"{everything['entities']} entities, {everything['errors']} errors")
        if everything["errors"]:
            out.append(f"bad records are listed in the shards' *.errors.jsonl files in {self.output}")
        memory = self.memory_line()
        if memory:
            out.append(memory)
        for name, reason in sorted(self.failed.items()):
            out.append(f"FAILED {name}: {reason}")
        if self.failed:
            out.append("run the same command again to do the failed shards; finished ones are skipped")
        out.append(f"output: {self.output}")
        return out

    def as_dict(self) -> dict:
        return {"engine": self.engine, "output": self.output, "seconds": round(self.seconds, 3),
                "workers": self.workers, "shards": self.shards, "done": [s.get("shard") for s in self.done],
                "skipped": [s.get("shard") for s in self.skipped], "failed": dict(self.failed),
                "this_run": self.totals(), "all_finished": self.totals("all"),
                "articles_per_second": round(self.articles_per_second, 2)}
