# ALU-heavy loop for the benchmark: a0 -> {iterations}. Out: a1 -> {result}.
   lw t0, 0(a0)
   li t1, 1
   li t2, 3
1: add t1, t1, t2
   xor t2, t2, t1
   slli t3, t1, 3
   sub t1, t3, t2
   addi t0, t0, -1
   bnez t0, 1b
   sw t1, 0(a1)
   ret
