# Derivatives and quad swaps. In: a0 -> {v}. Out: a1 -> {ddx_fine, ddy_fine,
# ddx_coarse, ddy_coarse, swapx, swapy, swapdiag, bcast(2)}.
   flw ft0, 0(a0)
   .insn r 0x0b, 2, 0, ft1, ft0, f0
   fsw ft1, 0(a1)
   .insn r 0x0b, 2, 1, ft1, ft0, f0
   fsw ft1, 4(a1)
   .insn r 0x0b, 2, 2, ft1, ft0, f0
   fsw ft1, 8(a1)
   .insn r 0x0b, 2, 3, ft1, ft0, f0
   fsw ft1, 12(a1)
   .insn r 0x0b, 2, 4, ft1, ft0, f0
   fsw ft1, 16(a1)
   .insn r 0x0b, 2, 5, ft1, ft0, f0
   fsw ft1, 20(a1)
   .insn r 0x0b, 2, 6, ft1, ft0, f0
   fsw ft1, 24(a1)
   li t0, 2
   .insn r 0x0b, 2, 7, ft1, ft0, t0
   fsw ft1, 28(a1)
   ret
