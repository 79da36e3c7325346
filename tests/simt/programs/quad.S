# Derivatives and quad swaps. In: a0 -> {v}. Out: a1 -> {ddx_fine, ddy_fine,
# ddx_coarse, ddy_coarse, swapx, swapy, swapdiag, bcast(2)}.
   .include "lsgpu_isa.inc"  # Xlsgpu macros generated from src/hw/lsgpu_isa.yaml
   flw ft0, 0(a0)
   lsgpu_ddx_fine ft1, ft0
   fsw ft1, 0(a1)
   lsgpu_ddy_fine ft1, ft0
   fsw ft1, 4(a1)
   lsgpu_ddx_coarse ft1, ft0
   fsw ft1, 8(a1)
   lsgpu_ddy_coarse ft1, ft0
   fsw ft1, 12(a1)
   lsgpu_quad_swapx ft1, ft0
   fsw ft1, 16(a1)
   lsgpu_quad_swapy ft1, ft0
   fsw ft1, 20(a1)
   lsgpu_quad_swapdiag ft1, ft0
   fsw ft1, 24(a1)
   li t0, 2
   lsgpu_quad_bcast ft1, ft0, t0
   fsw ft1, 28(a1)
   ret
