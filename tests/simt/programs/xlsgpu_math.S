# Xlsgpu float functions. In: a0 -> {x}. Out: a1 -> floor, ceil, trunc, roundeven,
# fract, rcp, rsqrt, exp2, log2, sin, cos.
   flw ft0, 0(a0)
   .insn r 0x0b, 1, 0, ft1, ft0, f0
   fsw ft1, 0(a1)
   .insn r 0x0b, 1, 1, ft1, ft0, f0
   fsw ft1, 4(a1)
   .insn r 0x0b, 1, 2, ft1, ft0, f0
   fsw ft1, 8(a1)
   .insn r 0x0b, 1, 3, ft1, ft0, f0
   fsw ft1, 12(a1)
   .insn r 0x0b, 1, 4, ft1, ft0, f0
   fsw ft1, 16(a1)
   .insn r 0x0b, 1, 5, ft1, ft0, f0
   fsw ft1, 20(a1)
   .insn r 0x0b, 1, 6, ft1, ft0, f0
   fsw ft1, 24(a1)
   .insn r 0x0b, 1, 7, ft1, ft0, f0
   fsw ft1, 28(a1)
   .insn r 0x0b, 1, 8, ft1, ft0, f0
   fsw ft1, 32(a1)
   .insn r 0x0b, 1, 9, ft1, ft0, f0
   fsw ft1, 36(a1)
   .insn r 0x0b, 1, 10, ft1, ft0, f0
   fsw ft1, 40(a1)
   ret
