#!/bin/bash
# Builds the bindgen command rusticl needs (Mesa's meson runs `bindgen`; Debian 12 has
# no bindgen new enough) into the build cache, from Debian's own crate sources: the
# librust-*-dev packages of trixie, downloaded (not installed) through a private apt
# configuration that leaves the system's sources alone, and compiled offline by
# Debian 12's cargo-web. Prints the directory to put first on PATH. Idempotent: a
# built bindgen is reused.
set -euo pipefail
. "$(dirname "$0")/env.sh"

BINDGEN_VERSION=0.71.1
DIR="$LSGPU_CACHE/bindgen-$BINDGEN_VERSION"
if [ -x "$DIR/bin/bindgen" ]; then
   echo "$DIR/bin"
   exit 0
fi

# The crates bindgen 0.71's command line needs, as Debian packages them.
CRATES="aho-corasick annotate-snippets anstream anstyle anstyle-parse anstyle-query
  bindgen bitflags cexpr cfg-if clang-sys clap clap-builder clap-complete clap-derive
  clap-lex colorchoice either glob heck itertools libc libloading log memchr
  minimal-lexical nom prettyplease proc-macro2 quote regex regex-automata regex-syntax
  rustc-hash shlex strsim syn unicode-ident unicode-width unicode-width-0.1 utf8parse"

rm -rf "$DIR.tmp"
APT="$DIR.tmp/apt"
mkdir -p "$APT/etc" "$APT/lists/partial" "$APT/cache/archives/partial" "$APT/debs" \
   "$DIR.tmp/crates" "$DIR.tmp/cli/src" "$DIR.tmp/cli/.cargo"
cat >"$APT/etc/trixie.sources" <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
APT_OPTS=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$APT/etc"
   -o "Dir::State::Lists=$APT/lists" -o "Dir::Cache=$APT/cache"
   -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
   -o APT::Sandbox::User=root)
echo "lsgpu: fetching bindgen's crate sources (Debian trixie librust-*-dev)" >&2
apt-get "${APT_OPTS[@]}" update -q >&2
# shellcheck disable=SC2046
(cd "$APT/debs" && apt-get "${APT_OPTS[@]}" download -q \
   $(for c in $CRATES; do echo "librust-$c-dev"; done) >&2)
for deb in "$APT"/debs/*.deb; do
   dpkg-deb -x "$deb" "$DIR.tmp/crates"
done

# A bindgen binary: the library's command-line parser (its __cli feature) and a main.
CLI="$DIR.tmp/cli"
cat >"$CLI/Cargo.toml" <<TOML
[package]
name = "lsgpu-bindgen"
version = "$BINDGEN_VERSION"
edition = "2021"

[[bin]]
name = "bindgen"
path = "src/main.rs"

[dependencies]
bindgen = { version = "=$BINDGEN_VERSION", default-features = false, features = ["__cli", "experimental", "runtime", "prettyplease", "logging"] }
TOML
cat >"$CLI/src/main.rs" <<'RS'
// bindgen's command line, as the upstream bindgen-cli crate provides it.
fn main() {
    let (builder, output, _verbose) = match bindgen::builder_from_flags(std::env::args()) {
        Ok(parsed) => parsed,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    match builder.generate() {
        Ok(bindings) => bindings.write(output).expect("cannot write the bindings"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
RS
cat >"$CLI/.cargo/config.toml" <<TOML
[source.crates-io]
replace-with = "debian"

[source.debian]
directory = "$DIR.tmp/crates/usr/share/cargo/registry"

[net]
offline = true
TOML
echo "lsgpu: building bindgen $BINDGEN_VERSION (about 2 minutes)" >&2
(cd "$CLI" && CARGO_HOME="$DIR.tmp/cargo-home" /usr/bin/cargo build --release --offline -q >&2)

mkdir -p "$DIR.tmp/bin"
cp "$CLI/target/release/bindgen" "$DIR.tmp/bin/bindgen.real"
cat >"$DIR.tmp/bin/bindgen" <<'SH'
#!/bin/sh
# bindgen finds libclang 15 (the LLVM Mesa is built with) through these.
export LIBCLANG_PATH="${LIBCLANG_PATH:-/usr/lib/llvm-15/lib}"
export CLANG_PATH="${CLANG_PATH:-/usr/bin/clang-15}"
exec "$(dirname "$0")/bindgen.real" "$@"
SH
chmod +x "$DIR.tmp/bin/bindgen"
# Keep only the binary: the crate sources and cargo's build tree are 300 MB.
mkdir -p "$DIR"
mv "$DIR.tmp/bin" "$DIR/bin"
rm -rf "$DIR.tmp"
echo "$DIR/bin"
