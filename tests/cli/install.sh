# cmake --install into a temp prefix; the installed bohan runs init from another directory with no
# BOHAN_HOME and no source tree: its data root is share/bohan beside its libdir.
source "$(dirname "$0")/lib.sh"
BUILD=$(dirname "$BOHAN")
cmake --install "$BUILD" --prefix "$T/prefix" >"$T/install.log" 2>&1 || { cat "$T/install.log"; exit 1; }
P=$T/prefix
expect_eq "$(test -x "$P/bin/bohan" && echo yes)" yes "the program is installed in bin"
expect_eq "$(ls "$P"/lib*/libbohan.so "$P"/lib*/libbohan-io.so 2>/dev/null | wc -l)" 2 \
    "both libraries are installed"
for f in share/bohan/data/matsudo/city.json share/bohan/layers/town_blocks.json \
         share/bohan/styles share/man/man1/bohan.1; do
    expect_eq "$(test -e "$P/$f" && echo yes)" yes "$f is installed"
done
expect_grep 'EXIT STATUS' <(man -l "$P/share/man/man1/bohan.1" 2>/dev/null || cat "$P/share/man/man1/bohan.1") \
    "the man page documents the exit codes"

mkdir "$T/elsewhere"
cd "$T/elsewhere"
# Neither the build tree nor the source tree: no BOHAN_HOME, no BOHAN_CITY.
expect_exit 0 "installed bohan init works from another directory" -- \
    env -u BOHAN_HOME -u BOHAN_CITY -u BOHAN_DB "$P/bin/bohan" init -q --db "$T/elsewhere/city.sqlite"
expect_eq "$(sqlite3 "$T/elsewhere/city.sqlite" 'SELECT count(*) FROM cameras' 2>/dev/null)" 290 \
    "the installed profile's layers are loaded (290 cameras)"
expect_exit 0 "installed bohan reads the database (libbohan-io found beside libbohan)" -- \
    env -u BOHAN_HOME "$P/bin/bohan" layers --db "$T/elsewhere/city.sqlite" --quiet
expect_grep '^cameras ' "$T/out" "--db and --quiet accepted after the command"
expect_exit 0 "--version" -- "$P/bin/bohan" --version
expect_eq "$(cat "$T/out")" "bohan $(sed -n 's/^project(bohan VERSION \([0-9.]*\).*/\1/p' "$SRC/CMakeLists.txt")" \
    "--version prints the CMake project version"
# Japanese messages from the installed catalogue (share/locale), found beside the library.
if [ -e "$BUILD/share/locale/ja/LC_MESSAGES/bohan.mo" ]; then
    expect_eq "$(test -e "$P/share/locale/ja/LC_MESSAGES/bohan.mo" && echo yes)" yes \
        "share/locale/ja/LC_MESSAGES/bohan.mo is installed"
    expect_exit 2 "installed bohan: a bad month in Japanese" -- \
        env -u BOHAN_HOME -u LC_ALL LANG=C.UTF-8 LANGUAGE=ja "$P/bin/bohan" crimes summary --from 2023-13
    expect_grep "年月として読めません" "$T/err" "the installed program finds its Japanese catalogue"
fi
# Compiled-in paths only: the debug info's compilation directory (DW_AT_comp_dir, the build
# directory, often inside the source tree; with ccache another helper's) is not a path the
# program uses, so it is stripped from the copy that is searched.
objcopy --strip-debug "$P"/lib*/libbohan.so "$T/libbohan.nodebug.so"
if strings "$T/libbohan.nodebug.so" | grep -qF "$SRC"; then
    not_ok "libbohan holds no source path"
else
    ok "libbohan holds no source path"
fi
finish
