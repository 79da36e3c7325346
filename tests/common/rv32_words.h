/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_TEST_RV32_WORDS_H
#define LSGPU_TEST_RV32_WORDS_H

/* RV32 instruction words for tests that write a few instructions by hand rather than
 * assemble a program (tests/simt/programs/ are assembled by llvm-mc). */

#include <cstdint>

namespace lsgpu::test::rv32
{

inline uint32_t
i_type(uint32_t opcode, uint32_t funct3, uint32_t rd, uint32_t rs1, int32_t imm)
{
   return (uint32_t)imm << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode;
}

inline uint32_t
s_type(uint32_t opcode, uint32_t rs2, uint32_t rs1, int32_t imm)
{
   const uint32_t u = (uint32_t)imm;
   return (u >> 5 & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | 2u << 12 | (u & 0x1f) << 7 | opcode;
}

inline uint32_t
addi(uint32_t rd, uint32_t rs1, int32_t imm)
{
   return i_type(0x13, 0, rd, rs1, imm);
}
inline uint32_t
lw(uint32_t rd, uint32_t rs1, int32_t imm)
{
   return i_type(0x03, 2, rd, rs1, imm);
}
inline uint32_t
flw(uint32_t rd, uint32_t rs1, int32_t imm)
{
   return i_type(0x07, 2, rd, rs1, imm);
}
inline uint32_t
sw(uint32_t rs2, uint32_t rs1, int32_t imm)
{
   return s_type(0x23, rs2, rs1, imm);
}
inline uint32_t
fsw(uint32_t rs2, uint32_t rs1, int32_t imm)
{
   return s_type(0x27, rs2, rs1, imm);
}
inline uint32_t
jalr(uint32_t rd, uint32_t rs1)
{
   return i_type(0x67, 0, rd, rs1, 0);
}

/* beq rs1, rs2 to the instruction `words` away. */
inline uint32_t
beq(uint32_t rs1, uint32_t rs2, int32_t words)
{
   const uint32_t u = (uint32_t)(words * 4);
   return (u >> 12 & 1) << 31 | (u >> 5 & 0x3f) << 25 | rs2 << 20 | rs1 << 15 |
          (u >> 1 & 0xf) << 8 | (u >> 11 & 1) << 7 | 0x63;
}

inline uint32_t
amoadd(uint32_t rd, uint32_t rs1, uint32_t rs2)
{
   return 0u << 27 | rs2 << 20 | rs1 << 15 | 2u << 12 | rd << 7 | 0x2f;
}

} // namespace lsgpu::test::rv32

#endif
