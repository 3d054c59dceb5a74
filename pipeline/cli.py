"""The `vanban` command line (SPEC section 1): run, eval, show, schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Vietnamese administrative documents → structured data.")


@app.command()
def run(
    inputs: Annotated[list[Path], typer.Argument(help="Files and folders (folders are walked).")],
    out: Annotated[Path, typer.Option("--out", help="Output folder.")],
    workers: Annotated[int, typer.Option("--workers", min=1, help="Worker processes (local engine).")] = 1,
    engine: Annotated[str, typer.Option("--engine", help="local or dask.")] = "local",
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address.")] = None,
    time_limit: Annotated[float, typer.Option("--time-limit", help="Seconds allowed per document.")] = 120.0,
    memory_limit: Annotated[int, typer.Option("--memory-limit", help="MB of heap per worker.")] = 2048,
    no_ocr: Annotated[bool, typer.Option("--no-ocr", help="Mark image pages needs_ocr instead of OCR.")] = False,
    progress: Annotated[bool, typer.Option("--progress/--no-progress")] = False,
) -> None:
    """Process INPUT... into OUT: documents.jsonl, tasks.jsonl, graph/, errors.jsonl, manifest.json."""
    from pipeline.batch import Limits, OutputBusy, run_batch

    if engine not in ("local", "dask"):
        raise typer.BadParameter("--engine must be local or dask")
    limits = Limits(seconds=time_limit, memory_mb=memory_limit, ocr=not no_ocr)
    try:
        stats = run_batch(
            inputs, out, workers=workers, engine=engine, scheduler=scheduler, limits=limits, progress=progress
        )
    except OutputBusy as exc:  # a second run into the same folder would interleave lines
        typer.echo(f"vanban: {exc}", err=True)
        raise typer.Exit(3) from None
    typer.echo(
        f"{stats.inputs} inputs: {stats.processed} processed, {stats.skipped} already done, "
        f"{stats.errors} recorded in errors.jsonl → {out}",
        err=True,
    )


@app.command("eval")
def evaluate_cmd(
    gold: Annotated[Path, typer.Option("--gold", help="Folder of gold JSON annotations.")],
    pred: Annotated[Path, typer.Option("--pred", help="Output folder of `vanban run`.")],
    only: Annotated[str | None, typer.Option("--only", help="Comma-separated document stems.")] = None,
) -> None:
    """Score PRED against GOLD (SPEC section 7); prints a table and writes PRED/eval.json."""
    from pipeline.evaluate import evaluate, format_table

    if not (pred / "documents.jsonl").exists():
        typer.echo(f"{pred}/documents.jsonl not found: run `vanban run ... --out {pred}` first", err=True)
        raise typer.Exit(2)
    result = evaluate(gold, pred, set(only.split(",")) if only else None)
    typer.echo(format_table(result))
    (pred / "eval.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


@app.command()
def show(file: Annotated[Path, typer.Argument(help="A document to process and print.")]) -> None:
    """Process one document and print it human-readably."""
    from pipeline.document import process_file
    from pipeline.read import ReadError
    from pipeline.render import render_text

    try:
        doc = process_file(file)
    except ReadError as exc:
        typer.echo(f"{file}: {exc}", err=True)
        raise typer.Exit(1) from None
    sys.stdout.write(render_text(doc))


@app.command()
def schema() -> None:
    """Print the JSON Schema of a documents.jsonl record."""
    from pipeline.models import document_schema

    typer.echo(json.dumps(document_schema(), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    app()
