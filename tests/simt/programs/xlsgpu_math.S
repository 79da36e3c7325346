# Xlsgpu float functions. In: a0 -> {x}. Out: a1 -> floor, ceil, trunc, roundeven,
# fract, rcp, rsqrt, exp2, log2, sin, cos.
   .include "lsgpu_isa.inc"  # Xlsgpu macros generated from src/hw/lsgpu_isa.yaml
   flw ft0, 0(a0)
   lsgpu_floor ft1, ft0
   fsw ft1, 0(a1)
   lsgpu_ceil ft1, ft0
   fsw ft1, 4(a1)
   lsgpu_trunc ft1, ft0
   fsw ft1, 8(a1)
   lsgpu_roundeven ft1, ft0
   fsw ft1, 12(a1)
   lsgpu_fract ft1, ft0
   fsw ft1, 16(a1)
   lsgpu_rcp ft1, ft0
   fsw ft1, 20(a1)
   lsgpu_rsqrt ft1, ft0
   fsw ft1, 24(a1)
   lsgpu_exp2 ft1, ft0
   fsw ft1, 28(a1)
   lsgpu_log2 ft1, ft0
   fsw ft1, 32(a1)
   lsgpu_sin ft1, ft0
   fsw ft1, 36(a1)
   lsgpu_cos ft1, ft0
   fsw ft1, 40(a1)
   ret
