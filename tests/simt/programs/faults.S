# Entry points for each fault kind, selected by the word at 0(a0).
   .include "lsgpu_isa.inc"  # Xlsgpu macros generated from src/hw/lsgpu_isa.yaml
   lw t0, 0(a0)
   li t1, 1
   beq t0, t1, illegal
   li t1, 2
   beq t0, t1, misaligned
   li t1, 3
   beq t0, t1, unmapped
   li t1, 4
   beq t0, t1, forever
   li t1, 5
   beq t0, t1, badjump
   li t1, 6
   beq t0, t1, framebuffer_load
   li t1, 7
   beq t0, t1, read_only
   ret
illegal:
   ecall
misaligned:
   lw t2, 2(a1)
   ret
unmapped:
   li t2, 0x10
   sw t2, 0(t2)
   ret
forever:
   j forever
badjump:
   addi t2, a1, 2
   jalr x0, 0(t2)
read_only:
   auipc t2, 0                  # an address in the code, which is mapped read-only
   lw t3, 0(t2)                 # the cores' TLB now holds the code's mapping
   sw t3, 0(t2)                 # a store through it must still fault
   ret
framebuffer_load:
   li t2, 0
   lsgpu_fbld t2                # a warp that is not a fragment warp has no framebuffer
   ret
