# A compute shader sampling texture unit 0 (docs/isa.md §3.2) for the DISPATCH tests.
# Constants (a2): word 0 = out address. Invocation i samples a 4x1 texture at
# s = (i + 0.5) / 4, t = 0.5 with explicit LOD 0 and writes R, G, B, A to out[4 i..].
# It overwrites a3 first: the texture unit uses the table a3 held at shader entry.
   .include "lsgpu_isa.inc"  # Xlsgpu macros generated from src/hw/lsgpu_isa.yaml
   lw t0, 0(a2)
   lsgpu_sysval t4, LSGPU_SYSVAL_LOCAL_INDEX# local index
   fcvt.s.w ft0, t4
   li t1, 0x3f000000                 # 0.5
   fmv.w.x ft1, t1
   fadd.s ft0, ft0, ft1
   li t1, 0x3e800000                 # 0.25
   fmv.w.x ft2, t1
   fmul.s ft0, ft0, ft2              # s
   fmv.w.x ft4, x0                   # LOD 0
   li a3, 0x3f800000                 # a3 reused as a scratch register
   li t2, 0                          # unit 0
   lsgpu_tex_lod t2                  # lsgpu.tex, explicit LOD
   slli t3, t4, 4
   add t3, t0, t3
   fsw ft8, 0(t3)
   fsw ft9, 4(t3)
   fsw ft10, 8(t3)
   fsw ft11, 12(t3)
   ret
