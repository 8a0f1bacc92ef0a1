#!/usr/bin/env bash
# Issue 18.5: every message the officer reads is Japanese on a Japanese desk.
# 1. No text of the program left unmarked: a printf/fputs/bh_strbuf_* call in src/cli whose string
#    literal holds English words (not JSON, not a bare format) goes through _() (or N_ in a table).
# 2. Every message of src/ (what xgettext extracts with the project's keywords: _, N_, bh_tr, BH_N,
#    bh_error, bh_log, bh_cli_usage_error …) has a Japanese translation in po/ja.po that is not
#    fuzzy (scripts/update-po --check, on a temporary copy; skipped, 77, without gettext).
SRC=${BOHAN_SOURCE:?}
python3 - "$SRC" <<'PY' || exit 1
import glob, re, sys
lit = r'"(?:[^"\\\n]|\\.)*"'
call = re.compile(r'\b(?:f?printf|fputs|puts|bh_strbuf_printf|bh_strbuf_append)\(\s*'
                  r'(?:(?:f|stderr|stdout|sb|&sb)\s*,\s*)?((?:' + lit + r'\s*)+)')
bad = 0
for path in sorted(glob.glob(sys.argv[1] + '/src/cli/*.c')):
    text = open(path, encoding='utf-8').read()
    for m in call.finditer(text):
        s = m.group(1)
        if '\\"' in s or '\\x' in s:
            continue  # JSON or bytes (a BOM)
        t = re.sub(r'%[-+ #0-9.*]*(?:zu|lld|llu|ld|[sdgfcxX])', '', s)
        t = re.sub(r'\\[ntr]', '', t)
        words = [w for w in re.findall(r'[A-Za-z]{3,}', t) if w not in ('bohan', 'null', 'true', 'false')]
        if words:
            line = text.count('\n', 0, m.start()) + 1
            print('not ok - %s:%d: text not marked for translation (wrap it in _()): %s'
                  % (path[len(sys.argv[1]) + 1:], line, ' '.join(s.split())[:100]))
            bad += 1
print('%s - every text of src/cli goes through _() (%d unmarked)' % ('ok' if bad == 0 else 'not ok', bad))
sys.exit(1 if bad else 0)
PY
exec bash "$SRC/scripts/update-po" --check
