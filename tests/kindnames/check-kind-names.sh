#!/bin/sh
# Fails when code outside core/model/Catalog* compares a kind against a kind id (STYLE.md 11: ask
# the Catalog for a trait instead). The ids come from the Catalog's own table, CatalogKinds.cpp.
# Usage: check-kind-names.sh SOURCE_DIR
root="${1:-.}"
ids=$(tr '\n' ' ' <"$root/core/model/CatalogKinds.cpp" | grep -oE '(function|resource)\([[:space:]]*"[a-z-]+"' |
      sed -E 's/.*"([a-z-]+)"/\1/' | sort -u | paste -sd'|' -)
if [ -z "$ids" ]; then
    echo "check-kind-names: no kind ids found in $root/core/model/CatalogKinds.cpp" >&2
    exit 2
fi
# `kind == "queue"`, `n->kind != QLatin1String("queue")`, `"queue" == kind`, `isKind(id, "queue")`.
literal="(QLatin1String|QStringLiteral|u)?\\(?\"($ids)\"\\)?"
pattern="([Kk]ind[^=;]*[!=]=[[:space:]]*$literal)|($literal[[:space:]]*[!=]=[^;]*[Kk]ind)|((isKind|kindIs)\\([^)]*\"($ids)\")"
found=$(cd "$root" && grep -rnE "$pattern" core ui app --include='*.cpp' --include='*.h' | grep -v '^core/model/Catalog')
if [ -n "$found" ]; then
    echo "Kind ids compared outside core/model/Catalog* — give KindInfo a trait and ask the Catalog:" >&2
    echo "$found" >&2
    exit 1
fi
echo "no kind-name comparisons outside core/model/Catalog* (kinds: $ids)"
