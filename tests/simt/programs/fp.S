# RV32F results. In: a0 -> {fa, fb, fc}. Out: a1 -> results[].
   flw ft0, 0(a0)
   flw ft1, 4(a0)
   flw ft2, 8(a0)
   fadd.s ft3, ft0, ft1
   fsw ft3, 0(a1)
   fsub.s ft3, ft0, ft1
   fsw ft3, 4(a1)
   fmul.s ft3, ft0, ft1
   fsw ft3, 8(a1)
   fdiv.s ft3, ft0, ft1
   fsw ft3, 12(a1)
   fsqrt.s ft3, ft0
   fsw ft3, 16(a1)
   fmadd.s ft3, ft0, ft1, ft2
   fsw ft3, 20(a1)
   fmin.s ft3, ft0, ft1
   fsw ft3, 24(a1)
   fmax.s ft3, ft0, ft1
   fsw ft3, 28(a1)
   fcvt.w.s t0, ft0, rtz
   sw t0, 32(a1)
   fcvt.wu.s t0, ft0, rtz
   sw t0, 36(a1)
   fcvt.w.s t0, ft0, rne
   sw t0, 40(a1)
   feq.s t0, ft0, ft1
   sw t0, 44(a1)
   flt.s t0, ft0, ft1
   sw t0, 48(a1)
   fle.s t0, ft0, ft1
   sw t0, 52(a1)
   fclass.s t0, ft0
   sw t0, 56(a1)
   fsgnjn.s ft3, ft0, ft1
   fsw ft3, 60(a1)
   lw t1, 0(a0)
   fcvt.s.w ft3, t1
   fsw ft3, 64(a1)
   fmv.x.w t0, ft1
   sw t0, 68(a1)
   fadd.s ft3, ft0, ft1, rup
   fsw ft3, 72(a1)
   fadd.s ft3, ft0, ft1, rdn
   fsw ft3, 76(a1)
   ret
