#!/bin/sh
# Redraws the README's pictures of the bot in Slack (docs/*.png) from the
# golden Block Kit files in bot/testdata, with the slack-render tool
# (../shared/tools/slack-render; its setup.sh installs it). The stats chart
# is drawn by `landscape stats --chart` and put where Slack shows the
# uploaded file. Run from anywhere: sh docs/render.sh
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
render=${SLACK_RENDER_HOME:-/tmp/slack-render}/render.mjs
[ -f "$render" ] || { echo "slack-render not set up: sh $root/../shared/tools/slack-render/setup.sh" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"
go run ./cmd/landscape stats --chart "$work/chart.png" >/dev/null
# name, golden, surface, question
node - "$work" <<'JS'
const fs = require('fs');
const [work] = process.argv.slice(2);
const chart = 'data:image/png;base64,' + fs.readFileSync(`${work}/chart.png`).toString('base64');
const pictures = [
  ['answer', 'answer', 'thread', 'how much private GenAI investment in China 2023?'],
  ['stats', 'stats-builtin', 'ephemeral', '/landscape stats'],
  ['digest', 'digest', 'channel', undefined],
  ['app-home', 'home', 'channel', undefined],
];
for (const [name, golden, surface, question] of pictures) {
  const m = JSON.parse(fs.readFileSync(`bot/testdata/${golden}.golden.json`, 'utf8'));
  for (const b of m.blocks) {
    if (b.type === 'image' && b.slack_file) { delete b.slack_file; b.image_url = chart; }
  }
  const out = { blocks: m.blocks, text: m.text || 'App Home', surface, username: 'landscape' };
  if (question !== undefined) out.question = question;
  fs.writeFileSync(`${work}/${name}.json`, JSON.stringify(out));
}
JS
node "$render" --mobile --out "$work/out" "$work"/answer.json "$work"/stats.json "$work"/digest.json "$work"/app-home.json >/dev/null
for f in answer stats digest app-home; do
  cp "$work/out/$f.png" "docs/$f.png"
  cp "$work/out/$f.mobile.png" "docs/$f.mobile.png"
done
echo "docs/*.png redrawn"
