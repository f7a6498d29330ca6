from django.core.management.base import BaseCommand, CommandError

from search.evaluation import AT, METHODS, QUESTIONS, evaluate, load_questions


class Command(BaseCommand):
    help = (
        "Score the question box against the questions with known good answers "
        f"(search/questions.json): answered first, precision@{AT} and nDCG@{AT}, and the median "
        "time per question, for keyword search alone and for the hybrid; then the questions the "
        "hybrid still misses. Needs the data loaded and the index built."
    )

    def add_arguments(self, parser):
        parser.add_argument("--questions", default=str(QUESTIONS), help="a questions file")
        parser.add_argument(
            "--ablations",
            action="store_true",
            help="also score the hybrid without the lexicon, the model, or the vectors",
        )

    def handle(self, *args, questions, ablations, **options):
        from pathlib import Path

        try:
            items = load_questions(Path(questions))
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"cannot read {questions}: {error}") from None
        names = list(METHODS) if ablations else ["keyword search", "hybrid"]
        runs = evaluate(items, names)
        self.stdout.write(f"{len(items)} questions\n")
        for run in runs:
            self.stdout.write(run.line())
        keyword, hybrid = runs[0], runs[1]
        ratio = hybrid.median_ms / keyword.median_ms if keyword.median_ms else 0.0
        self.stdout.write(f"\nhybrid median time: {ratio:.1f}x keyword search's (limit 3x)")
        self.stdout.write("\nMisses of the hybrid (first project not one a good answer lists):")
        for score, plain in zip(hybrid.scores, keyword.scores, strict=True):
            if not score.first:
                found = ", ".join(score.listed[:3]) or "nothing"
                self.stdout.write(
                    f"- {score.question}\n    listed: {found}; P@{AT} {score.precision:.1f} "
                    f"(keyword {plain.precision:.1f})"
                )
        if ratio > 3:
            raise CommandError("the hybrid took more than 3x keyword search's median time")
