#!/usr/bin/env bash
# The whole pipeline on the sample corpus: corpus → extract → model → solve → report.
# Called by `make demo` with BIN (the virtualenv's bin/) and OUT (the output folder) set.
set -euo pipefail
BIN=${BIN:-.venv/bin}
OUT=${OUT:-demo-output}
rm -rf "$OUT"
mkdir -p "$OUT"
DB="$OUT/accord.db"
MODEL=examples/ukraine-2025/model.yaml
FIXTURES=../shared/fixtures
accord() { "$BIN/accord" "$@"; }
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "1. corpus: ingest the five sample articles (repair, clean, flag, cluster)"
accord ingest examples/corpus --db "$DB" --no-progress
accord ingest examples/corpus --db "$DB" --no-progress --workers 2 --json > "$OUT/reingest.json"
echo "re-ingest: $("$BIN/python" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get("added"), "added,", d.get("unchanged"), "unchanged")' "$OUT/reingest.json")"
accord corpus list --db "$DB"
accord corpus list --db "$DB" --csv > "$OUT/articles.csv"
accord corpus clusters --db "$DB" --all --json > "$OUT/stories.json"
accord corpus show 5 --db "$DB" > "$OUT/article-5.txt"
echo "article 5 (repairs, removed lines, flags): $OUT/article-5.txt"

step "2. extract: actors, quotes, figures, dates, events, positions"
accord extract --db "$DB" --no-progress
accord extract --db "$DB" --no-progress      # incremental: nothing to redo
accord digest --db "$DB" | tee "$OUT/digest.txt"
accord quotes --db "$DB" --actor Witkoff
accord figures --db "$DB" --csv > "$OUT/figures.csv"
accord events --db "$DB" --json > "$OUT/events.json"
accord positions --db "$DB" --csv > "$OUT/positions.csv"
accord actors candidates --db "$DB" --csv > "$OUT/candidates.csv"
echo "figures, events, positions, unresolved names: $OUT/{figures.csv,events.json,positions.csv,candidates.csv}"

step "3. model: validate the Ukraine 2025 model and check its evidence against the corpus"
accord validate "$MODEL" --db "$DB"

step "3b. from this week's articles to the model: draft, check, timeline"
accord ingest examples/corpus-extra --db "$DB" --no-progress > /dev/null
accord extract --db "$DB" --no-progress
accord model draft --db "$DB" -o "$OUT/draft.yaml"
accord validate "$OUT/draft.yaml" --db "$DB"
accord model draft --db "$DB" --merge "$MODEL" -o "$OUT/model-merged.yaml"
accord model check "$MODEL" --db "$DB" | tee "$OUT/model-check.txt"
accord timeline --db "$DB" --since 2025-11-20 --plot "$OUT/forecast-timeline.png" --csv > "$OUT/timeline.csv"
accord timeline --db "$DB" --actor Ushakov --until 2025-12-31
echo "draft: $OUT/draft.yaml, merged into the analyst's model: $OUT/model-merged.yaml, check: $OUT/model-check.txt, timeline: $OUT/timeline.csv, forecast as articles arrived: $OUT/forecast-timeline.png"

step "4. forecast: published reference cases, then the Ukraine model"
accord forecast "$FIXTURES/bdm/eu_emissions.csv" --engine compromise
accord forecast "$FIXTURES/bdm/eu_emissions.csv" --engine eum --rounds 5
accord forecast "$FIXTURES/ktab/SOE-Pol-Comp.csv" --engine smp --plot "$OUT/smp-soe.png"
accord forecast "$MODEL" --engine eum --track settlement --plot "$OUT/ukraine-eum.svg"
for engine in compromise median eum exchange; do
  accord forecast "$MODEL" --engine "$engine" --json > "$OUT/forecast-$engine.json"
done
accord explain "$MODEL" --actor russia --engine eum --track settlement > "$OUT/explain-russia.txt"
echo "forecasts: $OUT/forecast-*.json, plots: $OUT/ukraine-eum.svg $OUT/smp-soe.png, why Russia moved: $OUT/explain-russia.txt"

step "5. bargain: can money buy a deal?"
# the US-brokered core: territory and ceasefire between the US, Russia and Ukraine
accord bargain "$MODEL" --actors us,russia,ukraine --issues territory,ceasefire --transfers \
  --axes us,ukraine --plot "$OUT/bargain-core.png"
# NATO membership alone: a red line money cannot relax
accord bargain "$MODEL" --actors us,russia,ukraine,eu --issues nato --transfers
accord bargain "$MODEL" --track settlement --transfers --json > "$OUT/bargain-settlement.json"

step "6. apportion: who gets what"
accord apportion --model "$MODEL" --pool reconstruction_fund
accord apportion --estate 200 --claims 100,200,300 --names A,B,C
accord power --quota 39 --weights 7,7,7,7,7,1,1,1,1,1,1,1,1,1,1 --csv > "$OUT/unsc-power.csv"
accord game examples/games/lemaire.csv

step "7. uncertainty: how robust are the forecasts?"
# every ranged input of the model drawn 200 times (Latin hypercube), EUM on each draw
accord sweep "$MODEL" --engine eum --track settlement --runs 200 --seed 1 --db "$DB" \
  --plot "$OUT/sweep-eum.png"
# which inputs move the EUM forecasts most (Morris screening, SALib), as a tornado chart
accord sensitivity "$MODEL" --engine eum --method morris --track settlement --top 3 \
  --plot "$OUT/sensitivity-eum.png"
# the same draws under two named scenarios of the model file
accord compare "$MODEL" --scenarios eu-leaves,russia-drops-nato-red-line --engine compromise \
  --track settlement --runs 200 --plot "$OUT/scenarios.png"
echo "distributions: $OUT/sweep-eum.png, top inputs: $OUT/sensitivity-eum.png, scenarios: $OUT/scenarios.png"

step "8. report and workbench"
accord report "$MODEL" --db "$DB" -o "$OUT/report.html"
echo "open $OUT/report.html in a browser (one self-contained file: no network needed)"
echo "workbench: $BIN/accord serve --db $DB --model $MODEL   (then http://127.0.0.1:8000/)"

printf '\nDone. Everything is in %s/ (database %s, report.html, plots *.png/*.svg, tables *.csv, results *.json).\n' "$OUT" "$DB"
