#!/bin/bash
# Commands fail loudly on bad input, before they build or run anything: ./lsgpu with
# an unknown command, suite, fuzzer, piglit profile, dEQP module, device verb or bench, no program
# to run, or a SECONDS that is not a positive whole number exits 2 with a one-line
# reason; the replay tool exits 2 for a path that does not exist and 1 when it finds
# no input.
set -uo pipefail
lsgpu=$1 replay=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0 n=0
expect() {
   local want=$1
   shift
   local out rc
   out=$(timeout 20 "$@" 2>&1 </dev/null)
   rc=$?
   n=$((n + 1))
   if [ $rc != "$want" ]; then
      echo "cli: '$*' exited $rc, not $want: $out"
      fail=1
   elif [ "$(printf '%s\n' "$out" | grep -c .)" != 1 ]; then
      echo "cli: '$*' did not say why in one line: $out"
      fail=1
   fi
}
expect 2 "$lsgpu" no-such-command
expect 2 "$lsgpu" test no-such-suite
expect 2 "$lsgpu" fuzz no-such-fuzzer
expect 2 "$lsgpu" fuzz uapi abc
expect 2 "$lsgpu" fuzz uapi 0
expect 2 "$lsgpu" fuzz uapi -5
expect 2 "$lsgpu" fuzz uapi --seconds
expect 2 "$lsgpu" fuzz glsl --seconds 1.5
expect 2 "$lsgpu" piglit no-such-profile
expect 2 "$lsgpu" deqp gles3
expect 2 "$lsgpu" device reboot
expect 2 "$lsgpu" bench no-such-bench
expect 2 "$lsgpu" run --
expect 2 "$replay" "$dir/missing"
expect 1 "$replay" "$dir"
[ $fail = 0 ] && echo "cli: $n bad invocations refused with their exit status and a one-line reason"
exit $fail
