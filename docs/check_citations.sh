#!/bin/bash
# Checks that every section cited as "§N", "§N.M", ... in the repository's
# *.rs, *.md and *.exs files exists in docs/semantics.md, either as a heading
# ("## 4. ...", "### 4.6 ...") or, for "§N.M" whose parent section N is a
# numbered list (as §5 is), as the list item "M." inside section N.
# Prints one line per cited section; exits 1 if any is missing, 2 on usage errors.
#
# usage: docs/check_citations.sh [repo_root]     (default: the repository holding this script)
set -u
root="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
doc="$root/docs/semantics.md"
[ -f "$doc" ] || { echo "check_citations: $doc not found" >&2; exit 2; }

cited=$(grep -rhoE "§[0-9]+(\.[0-9]+)*" --include='*.rs' --include='*.md' --include='*.exs' \
          --exclude-dir=target --exclude-dir=.git "$root" | sort -u -V)
[ -n "$cited" ] || { echo "check_citations: no citations found under $root"; exit 0; }

# heading_re NUM -> regex matching the heading line of section NUM ("## 4. x", "### 4.6 x")
heading_re() { printf '^#{2,6} %s\\.? ' "$(printf '%s' "$1" | sed 's/\./\\./g')"; }

missing=0
for c in $cited; do
  num="${c#§}"
  if grep -qE "$(heading_re "$num")" "$doc"; then
    echo "ok       $c (heading)"
    continue
  fi
  parent="${num%.*}"
  item="${num##*.}"
  if [ "$parent" != "$num" ] && grep -qE "$(heading_re "$parent")" "$doc"; then
    # body of the parent section: from its heading to the next heading of the same or a higher level
    if awk -v parent="$parent" -v item="$item" '
        # level of a heading line ("### x" -> 3), 0 for other lines
        function hlevel(line,   n) { n = 0; while (substr(line, n + 1, 1) == "#") n++; return (n > 0 && substr(line, n + 1, 1) == " ") ? n : 0 }
        BEGIN { inside = 0; found = 0 }
        {
          l = hlevel($0)
          if (inside && l > 0 && l <= level) inside = 0
          else if (inside && index($0, item ". ") == 1) found = 1
          if (!inside && l >= 2) {
            rest = substr($0, l + 2)
            if (index(rest, parent ". ") == 1 || index(rest, parent " ") == 1) { inside = 1; level = l }
          }
        }
        END { exit(found ? 0 : 1) }' "$doc"; then
      echo "ok       $c (item $item. of §$parent)"
      continue
    fi
  fi
  echo "MISSING  $c"
  missing=$((missing + 1))
done

n=$(printf '%s\n' $cited | wc -l)
if [ "$missing" -gt 0 ]; then
  echo "check_citations: $missing of $n cited sections missing from docs/semantics.md" >&2
  exit 1
fi
echo "check_citations: all $n cited sections resolve in docs/semantics.md"
