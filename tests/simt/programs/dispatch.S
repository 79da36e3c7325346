# A compute shader for DISPATCH tests. Constants (a2): word 0 = out address, word 1 =
# out2 address, word 2 = counter address, word 3 = workgroup size. Each invocation
# writes gid * 3 + 1 to out[gid], adds 1 to the global counter and to a shared counter,
# and after a barrier writes the shared total to out2[gid]. It also round-trips a value
# through its stack.
   .include "lsgpu_isa.inc"  # Xlsgpu macros generated from src/hw/lsgpu_isa.yaml
   lw t0, 0(a2)
   lw t1, 4(a2)
   lw t2, 8(a2)
   lw t3, 12(a2)
   lsgpu_sysval t4, LSGPU_SYSVAL_LOCAL_INDEX# local index
   lsgpu_sysval t5, LSGPU_SYSVAL_WORKGROUP_ID_X# workgroup x
   mul t6, t5, t3
   add t6, t6, t4                    # global index
   addi sp, sp, -16
   sw t6, 4(sp)
   lw s3, 4(sp)
   addi sp, sp, 16
   li a5, 3
   mul a6, s3, a5
   addi a6, a6, 1
   slli a7, t6, 2
   add s2, t0, a7
   sw a6, 0(s2)
   li a5, 1
   amoadd.w x0, a5, (t2)
   amoadd.w x0, a5, (a4)
   lsgpu_barrier                     # lsgpu.barrier
   lw a6, 0(a4)
   add s2, t1, a7
   sw a6, 0(s2)
   ret
