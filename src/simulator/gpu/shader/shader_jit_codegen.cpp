/* SPDX-License-Identifier: MIT */
/*
 * The shader-core JIT's code generation: one LSGPU-1 program becomes one LLVM function
 * that runs a warp exactly as Exec::step() would, block by block.
 *
 * The function is a dispatch loop: find the lowest PC among the warp's runnable lanes
 * and the lanes there (min-PC SIMT, docs/isa.md §2), jump through a table to the block
 * that starts at that PC, run the block's instructions over all 16 lanes as host
 * vectors (results merged into the registers by the lane mask), move the lanes' PCs,
 * and loop. The warp's state stays in its Warp, which helper calls (memory, texture,
 * atomics, the rare operations) read and write through the interpreter's own code, so
 * both models share one definition of everything that touches the outside.
 *
 * Exactness rules, each matching the interpreter:
 * - a block runs only when the budget covers all of it and the watchdog's periodic
 *   clock check would not fire inside it; otherwise the interpreter steps;
 * - a helper's fault ends the run with the counts and PCs as the interpreter leaves
 *   them at that instruction;
 * - float arithmetic runs only in round-to-nearest (the core enters generated code only
 *   with every lane's frm at 0; static rounding modes are left to the interpreter);
 * - no float constant ever reaches an operation: LLVM folds x * 1.0 to x, which is not
 *   what the host computes under flush-to-zero, so values moved or converted from
 *   integers pass through an opaque copy.
 */
#include "gpu/shader/shader_jit_codegen.h"

#include <cstddef>
#include <map>

#include <llvm/IR/Constants.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Module.h>

#include "gpu/shader/shader_core.h"

namespace lsgpu::sim
{

namespace
{

using namespace llvm;

/* Long straight-line code is cut into blocks of at most this many instructions. */
constexpr unsigned kMaxBlock = 256;
constexpr unsigned kRegBytes = 4 * kWarpWidth;

enum class Kind {
   Inline,      /* generated as vector code */
   Helper,      /* generated as a call to Exec::execute() */
   Control,     /* ends a block: moves the lanes' PCs */
   Unsupported, /* the interpreter runs it */
};

/* Float arithmetic in round-to-nearest: rm 7 reads frm, which is 0 whenever generated
 * code runs; the interpreter rounds 4 (RMM), 5 and 6 to nearest even as well. */
bool
rounds_to_nearest(const Inst &in)
{
   return in.rm == 0 || in.rm >= 4;
}

Kind
classify(const Inst &in)
{
   if (is_branch(in.op))
      return Kind::Control;
   switch (in.op) {
   case Op::ILLEGAL:
   case Op::BARRIER:
   case Op::CSRRW:
   case Op::CSRRS:
   case Op::CSRRC:
   case Op::CSRRWI:
   case Op::CSRRSI:
   case Op::CSRRCI:
      return Kind::Unsupported;
   case Op::JAL:
      return (in.imm & 3) ? Kind::Unsupported : Kind::Control; /* a misaligned target faults */
   case Op::JALR:
   case Op::TERMINATE:
      return Kind::Control;
   case Op::FADD:
   case Op::FSUB:
   case Op::FMUL:
   case Op::FDIV:
   case Op::FSQRT:
   case Op::FMADD:
   case Op::FMSUB:
   case Op::FNMSUB:
   case Op::FNMADD:
   case Op::FCVT_S_W:
   case Op::FCVT_S_WU:
      return rounds_to_nearest(in) ? Kind::Inline : Kind::Unsupported;
   case Op::FUNARY:
      switch (in.sub) {
      case LSGPU_FUNARY_FLOOR:
      case LSGPU_FUNARY_CEIL:
      case LSGPU_FUNARY_TRUNC:
      case LSGPU_FUNARY_ROUNDEVEN:
      case LSGPU_FUNARY_FRACT:
      case LSGPU_FUNARY_RCP:
      case LSGPU_FUNARY_RSQRT:
         return Kind::Inline;
      default:
         return Kind::Helper; /* libm's exp2f, log2f, sinf, cosf, as the interpreter calls */
      }
   case Op::SYSVAL:
      return in.sub < LSGPU_SYSVAL_COUNT ? Kind::Inline : Kind::Helper;
   case Op::LB:
   case Op::LH:
   case Op::LW:
   case Op::LBU:
   case Op::LHU:
   case Op::FLW:
   case Op::SB:
   case Op::SH:
   case Op::SW:
   case Op::FSW:
   case Op::LR_W:
   case Op::SC_W:
   case Op::AMOSWAP:
   case Op::AMOADD:
   case Op::AMOXOR:
   case Op::AMOAND:
   case Op::AMOOR:
   case Op::AMOMIN:
   case Op::AMOMAX:
   case Op::AMOMINU:
   case Op::AMOMAXU:
   case Op::TEX:
   case Op::TXF:
   case Op::IMGST:
   case Op::FBLD:
   case Op::QUAD:
   case Op::DEMOTE:
   case Op::FCLASS:
      return Kind::Helper;
   default:
      return Kind::Inline;
   }
}

class Emitter
{
 public:
   Emitter(Module &m, const ShaderProgram &p) : ctx_(m.getContext()), mod_(m), prog_(p), b_(ctx_)
   {
      i1_ = b_.getInt1Ty();
      i16_ = b_.getInt16Ty();
      i32_ = b_.getInt32Ty();
      i64_ = b_.getInt64Ty();
      ptr_ = PointerType::get(ctx_, 0);
      vi_ = FixedVectorType::get(i32_, kWarpWidth);
      vf_ = FixedVectorType::get(b_.getFloatTy(), kWarpWidth);
      vb_ = FixedVectorType::get(i1_, kWarpWidth);
      vl_ = FixedVectorType::get(i64_, kWarpWidth);
   }

   Function *build(const std::string &name);

 private:
   struct Block {
      unsigned first, count;
   };

   /* Addresses in the warp and the frame. */
   Value *warp_field(size_t offset)
   {
      return b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), w_, offset);
   }
   Value *frame_field(size_t offset)
   {
      return b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), frame_, offset);
   }
   Value *x_ptr(unsigned r) { return warp_field(offsetof(Warp, x) + r * kRegBytes); }
   Value *f_ptr(unsigned r) { return warp_field(offsetof(Warp, f) + r * kRegBytes); }
   Value *load_vec(Value *p) { return b_.CreateAlignedLoad(vi_, p, Align(4)); }
   Value *x(unsigned r) { return r == kRegZero ? splat(0) : load_vec(x_ptr(r)); }
   Value *f(unsigned r) { return load_vec(f_ptr(r)); }
   Value *ff(unsigned r) { return b_.CreateBitCast(f(r), vf_); }
   /* A register written for the block's lanes only. */
   void write(Value *p, Value *v)
   {
      b_.CreateAlignedStore(b_.CreateSelect(maskv_, v, load_vec(p)), p, Align(4));
   }
   void write_x(unsigned r, Value *v) { write(x_ptr(r), v); }
   void write_f(unsigned r, Value *v) { write(f_ptr(r), v); }
   Value *load16(size_t off) { return b_.CreateLoad(i16_, warp_field(off)); }
   void store16(size_t off, Value *v) { b_.CreateStore(v, warp_field(off)); }

   Value *splat(uint32_t v) { return b_.CreateVectorSplat(kWarpWidth, b_.getInt32(v)); }
   Value *splatf(float v)
   {
      return ConstantVector::getSplat(ElementCount::getFixed(kWarpWidth),
                                      ConstantFP::get(b_.getFloatTy(), v));
   }
   Value *bool32(Value *c) { return b_.CreateZExt(c, vi_); }
   /* A lane mask as a vector of lanes: each lane tests its own bit. (A bitcast of the
    * i16 says the same, but AVX2 has no mask registers, and LLVM builds that one from
    * bytes and widens it: three times the instructions on the path every block waits
    * for.) */
   Value *lanes(Value *mask16)
   {
      std::vector<Constant *> bits;
      for (unsigned l = 0; l < kWarpWidth; l++)
         bits.push_back(b_.getInt32(1u << l));
      Value *m = b_.CreateVectorSplat(kWarpWidth, b_.CreateZExt(mask16, i32_));
      return b_.CreateICmpNE(b_.CreateAnd(m, ConstantVector::get(bits)), splat(0));
   }
   /* A float result as RISC-V writes it: every NaN canonical. */
   Value *canon(Value *r)
   {
      return b_.CreateSelect(b_.CreateFCmpUNO(r, r), splat(0x7fc00000u), b_.CreateBitCast(r, vi_));
   }
   /* A value LLVM cannot see through (see the file comment). */
   Value *opaque(Value *v)
   {
      b_.CreateAlignedStore(v, opaque_slot_, Align(4), /*isVolatile=*/true);
      return b_.CreateAlignedLoad(vi_, opaque_slot_, Align(4), /*isVolatile=*/true);
   }
   Value *unary(Intrinsic::ID id, Value *v) { return b_.CreateUnaryIntrinsic(id, v); }
   /* A helper by its name (kJitHelperNames): the JIT binds it when it links, so the
    * code holds no host address and can be kept on disk (shader_jit_disk.cpp). */
   FunctionCallee helper(const char *name, FunctionType *ty)
   {
      return mod_.getOrInsertFunction(name, ty);
   }

   std::vector<Block> find_blocks() const;
   void emit_block(const Block &blk, BasicBlock *bb);
   bool emit_inline(const Inst &in, uint32_t pc);
   void emit_helper(unsigned index, unsigned position, uint32_t pc);
   bool emit_memory(const Inst &in, unsigned index, unsigned position, uint32_t pc);
   /* Where a block's lanes go: the PCs they all take when the block ends uniformly,
    * for a jump straight to the next block; ~0u where only the dispatch can tell. */
   struct Successors {
      Value *taken = nullptr; /* branches: the lanes that took it (i16) */
      uint32_t target = ~0u;  /* the taken (or only) successor */
      uint32_t next = ~0u;    /* a branch's fall-through */
   };
   Successors emit_control(const Inst &in, unsigned position, uint32_t pc);
   void emit_chain(const Successors &succ);
   void account(unsigned n, uint64_t cycles);
   void fault_exit(unsigned position, uint32_t pc);
   void exit_with(uint32_t code);
   BasicBlock *new_block(const char *name) { return BasicBlock::Create(ctx_, name, fn_); }

   LLVMContext &ctx_;
   Module &mod_;
   const ShaderProgram &prog_;
   IRBuilder<> b_;
   Type *i1_, *i16_, *i32_, *i64_, *ptr_;
   FixedVectorType *vi_, *vf_, *vb_, *vl_;

   Function *fn_ = nullptr;
   Value *w_ = nullptr, *frame_ = nullptr, *exec_ = nullptr;
   AllocaInst *budget_ = nullptr, *warp_insts_ = nullptr, *lane_insts_ = nullptr,
              *cycles_ = nullptr;
   AllocaInst *opaque_slot_ = nullptr;
   BasicBlock *exit_ = nullptr;
   PHINode *exit_code_ = nullptr;
   /* The block being emitted starts with these: every lane's PC, the lanes it runs (as
    * an i16 and as a vector), and the lanes known to wait together at one higher PC
    * (emit_chain()). */
   Value *pcs_ = nullptr, *mask_ = nullptr, *maskv_ = nullptr, *popcount_ = nullptr;
   Value *wait_pc_ = nullptr, *wait_mask_ = nullptr;
   unsigned block_first_ = 0; /* the block being emitted */
   BasicBlock *fault_ = nullptr;
   PHINode *fault_index_ = nullptr, *fault_first_ = nullptr, *fault_mask_ = nullptr;
   /* How a block is entered: from the dispatch, from the resume jump, or from a block
    * that knew it comes next. */
   struct Entry {
      PHINode *pcs, *mask, *wait_pc, *wait_mask;
   };
   Entry entry_phis(unsigned preds);
   void enter(BasicBlock *to, const Entry &e, Value *pcs, Value *mask, Value *wait_pc,
              Value *wait_mask);
   BasicBlock *dispatch_ = nullptr;
   PHINode *dispatch_pcs_ = nullptr;
   /* An indirect jump to the block at resume_pc_ with the lanes waiting there. */
   BasicBlock *resume_ = nullptr;
   Entry resume_entry_{};
   PHINode *resume_pc_ = nullptr;
   std::vector<BasicBlock *> blocks_; /* per instruction: the block that starts there */
   std::map<BasicBlock *, Entry> entries_;
   Value *new_pcs_ = nullptr; /* the lanes' PCs as the current block leaves them */
};

std::vector<Emitter::Block>
Emitter::find_blocks() const
{
   const unsigned n = (unsigned)prog_.code.size();
   std::vector<bool> leader(n + 1, false);
   leader[0] = true;
   for (unsigned i = 0; i < n; i++) {
      const Inst &in = prog_.code[i];
      const Kind k = classify(in);
      if (k == Kind::Unsupported)
         leader[i] = true;
      if (k == Kind::Unsupported || k == Kind::Control)
         leader[i + 1] = true;
      if (k == Kind::Control && (in.op == Op::JAL || is_branch(in.op))) {
         const int64_t target = (int64_t)i * 4 + in.imm;
         if (target >= 0 && target % 4 == 0 && target / 4 < n)
            leader[target / 4] = true;
      }
   }
   std::vector<Block> blocks;
   for (unsigned i = 0; i < n;) {
      if (classify(prog_.code[i]) == Kind::Unsupported) {
         i++;
         continue;
      }
      unsigned j = i;
      while (j < n && j - i < kMaxBlock && (j == i || !leader[j])) {
         const Kind k = classify(prog_.code[j]);
         if (k == Kind::Unsupported)
            break;
         j++;
         if (k == Kind::Control)
            break;
      }
      blocks.push_back({i, j - i});
      i = j;
   }
   return blocks;
}

void
Emitter::exit_with(uint32_t code)
{
   exit_code_->addIncoming(b_.getInt32(code), b_.GetInsertBlock());
   b_.CreateBr(exit_);
}

/* Charges n instructions run by the block's lanes, as step() does one by one. */
void
Emitter::account(unsigned n, uint64_t cycles)
{
   auto add = [&](AllocaInst *a, Value *v) {
      b_.CreateStore(b_.CreateAdd(b_.CreateLoad(i64_, a), v), a);
   };
   add(budget_, b_.getInt64(-(int64_t)n));
   add(warp_insts_, b_.getInt64(n));
   add(lane_insts_, b_.CreateMul(popcount_, b_.getInt64(n)));
   add(cycles_, b_.getInt64(cycles));
}

/* A fault in the block's instruction at position: one exit for the whole function
 * tells the core which instruction, and the core counts the block's instructions up
 * to it and leaves the lanes' PCs there, as step() would have. */
void
Emitter::fault_exit(unsigned position, uint32_t pc)
{
   (void)pc;
   fault_index_->addIncoming(b_.getInt32(block_first_ + position), b_.GetInsertBlock());
   fault_first_->addIncoming(b_.getInt32(block_first_), b_.GetInsertBlock());
   fault_mask_->addIncoming(mask_, b_.GetInsertBlock());
   b_.CreateBr(fault_);
}

void
Emitter::emit_helper(unsigned index, unsigned position, uint32_t pc)
{
   FunctionType *ty = FunctionType::get(i32_, {ptr_, ptr_, i32_, i32_}, false);
   Value *ok = b_.CreateCall(helper(kJitHelperNames.execute, ty),
                             {exec_, w_, b_.getInt32(index), b_.CreateZExt(mask_, i32_)});
   BasicBlock *cont = new_block("cont"), *bad = new_block("fault");
   b_.CreateCondBr(b_.CreateICmpNE(ok, b_.getInt32(0)), cont, bad,
                   MDBuilder(ctx_).createBranchWeights(1 << 20, 1));
   b_.SetInsertPoint(bad);
   fault_exit(position, pc);
   b_.SetInsertPoint(cont);
}

/* Loads and stores: the lanes' address range in vector code, then one call to the
 * core, which translates the warp's accesses once when one mapping holds them
 * (JitHelpers::access). Vector gathers and scatters would be faster, but on AVX2 LLVM
 * expands them lane by lane, with a branch per lane, and compiling them cost more
 * than they saved. */
bool
Emitter::emit_memory(const Inst &in, unsigned index, unsigned position, uint32_t pc)
{
   const unsigned size = memory_access_size(in.op);
   if (!size)
      return false;
   /* The lanes' address range and alignment, with host vector instructions. */
   auto &b = b_;
   Value *addr = b.CreateAdd(x(in.rs1), splat((uint32_t)in.imm));
   Value *lo = b.CreateIntMinReduce(b.CreateSelect(maskv_, addr, splat(UINT32_MAX)), false);
   Value *hi = b.CreateIntMaxReduce(b.CreateSelect(maskv_, addr, splat(0)), false);
   if (size > 1) {
      Value *misaligned = b.CreateAnd(
         b.CreateBitCast(b.CreateICmpNE(b.CreateAnd(addr, splat(size - 1)), splat(0)), i16_),
         mask_);
      lo = b.CreateSelect(b.CreateICmpNE(misaligned, b.getInt16(0)), b.getInt32(UINT32_MAX), lo);
      hi = b.CreateSelect(b.CreateICmpNE(misaligned, b.getInt16(0)), b.getInt32(0), hi);
   }
   /* Word accesses inside a mapping an earlier one went through (JitFrame's windows)
    * need no call: a load whose lanes share one address is one host load and a splat,
    * other loads and stores gather and scatter the lanes' words. */
   BasicBlock *cont = new_block("cont");
   const bool word_load = (in.op == Op::LW && in.rd != kRegZero) || in.op == Op::FLW;
   const bool word_store = in.op == Op::SW || in.op == Op::FSW;
   auto window = [&](size_t at, size_t field) {
      return b.CreateLoad(i64_, frame_field(at + field));
   };
   /* Whether [lo, hi] lies in the window at `at` (lo > hi: misaligned, never). */
   auto inside = [&](size_t at, Value *lo64, Value *hi64) {
      Value *va = window(at, offsetof(JitWindow, va)),
            *span = window(at, offsetof(JitWindow, span));
      return b.CreateAnd(b.CreateICmpULT(b.CreateSub(lo64, va), span),
                         b.CreateICmpULT(b.CreateSub(hi64, va), span));
   };
   auto write_rd = [&](Value *v) {
      if (in.op == Op::FLW)
         write_f(in.rd, v);
      else
         write_x(in.rd, v);
   };
   Value *lo64 = b.CreateZExt(lo, i64_), *hi64 = b.CreateZExt(hi, i64_);
   if (word_load) {
      const size_t at = offsetof(JitFrame, windows) + offsetof(JitWindows, uniform);
      BasicBlock *direct = new_block("uniform"), *next = new_block("not_uniform");
      b.CreateCondBr(b.CreateAnd(b.CreateICmpEQ(lo, hi), inside(at, lo64, lo64)), direct, next);
      b.SetInsertPoint(direct);
      Value *host =
         b.CreateIntToPtr(b.CreateAdd(lo64, window(at, offsetof(JitWindow, delta))), ptr_);
      write_rd(b.CreateVectorSplat(kWarpWidth, b.CreateAlignedLoad(i32_, host, Align(1))));
      b.CreateBr(cont);
      b.SetInsertPoint(next);
   }
   if (word_load || word_store) {
      const size_t at = offsetof(JitFrame, windows) +
                        (word_load ? offsetof(JitWindows, load) : offsetof(JitWindows, store));
      BasicBlock *direct = new_block("lanes"), *next = new_block("access");
      b.CreateCondBr(b.CreateAnd(b.CreateICmpULE(lo, hi), inside(at, lo64, hi64)), direct, next);
      b.SetInsertPoint(direct);
      /* Each lane's word at the window's host base plus its offset in the window,
       * which the test above bounds for the lanes that access (the others' pointers
       * are never dereferenced). */
      Value *va = window(at, offsetof(JitWindow, va));
      Value *base = b.CreateIntToPtr(b.CreateAdd(va, window(at, offsetof(JitWindow, delta))), ptr_);
      Value *offsets = b.CreateSub(addr, b.CreateVectorSplat(kWarpWidth, b.CreateTrunc(va, i32_)));
      Value *ptrs = b.CreateGEP(b.getInt8Ty(), base,
                                b.CreateZExt(offsets, FixedVectorType::get(i64_, kWarpWidth)));
      if (word_load) {
         write_rd(b.CreateMaskedGather(vi_, ptrs, Align(1), maskv_));
      } else {
         /* Helper lanes' stores drop (the window is off the stack); where lanes share
          * an address the last one's store stays, as scatter orders them. */
         Value *stores = b.CreateAnd(mask_, b.CreateNot(load16(offsetof(Warp, helper))));
         b.CreateMaskedScatter(in.op == Op::FSW ? f(in.rs2) : x(in.rs2), ptrs, Align(1),
                               lanes(stores));
      }
      b.CreateBr(cont);
      b.SetInsertPoint(next);
   }
   FunctionType *ty = FunctionType::get(i32_, {ptr_, ptr_, i32_, i32_, i32_, i32_, ptr_}, false);
   Value *ok =
      b_.CreateCall(helper(kJitHelperNames.access, ty),
                    {exec_, w_, b_.getInt32(index), b_.CreateZExt(mask_, i32_), lo, hi, frame_});
   BasicBlock *bad = new_block("fault");
   b_.CreateCondBr(b_.CreateICmpNE(ok, b_.getInt32(0)), cont, bad,
                   MDBuilder(ctx_).createBranchWeights(1 << 20, 1));
   b_.SetInsertPoint(bad);
   fault_exit(position, pc);
   b_.SetInsertPoint(cont);
   return true;
}

bool
Emitter::emit_inline(const Inst &in, uint32_t pc)
{
   const unsigned rd = in.rd, rs1 = in.rs1, rs2 = in.rs2, rs3 = in.rs3;
   const uint32_t imm = (uint32_t)in.imm;
   auto &b = b_;
   switch (in.op) {
   case Op::LUI:
      write_x(rd, splat(imm));
      return true;
   case Op::AUIPC:
      write_x(rd, splat(pc + imm));
      return true;
   case Op::ADDI:
      write_x(rd, b.CreateAdd(x(rs1), splat(imm)));
      return true;
   case Op::SLTI:
      write_x(rd, bool32(b.CreateICmpSLT(x(rs1), splat(imm))));
      return true;
   case Op::SLTIU:
      write_x(rd, bool32(b.CreateICmpULT(x(rs1), splat(imm))));
      return true;
   case Op::XORI:
      write_x(rd, b.CreateXor(x(rs1), splat(imm)));
      return true;
   case Op::ORI:
      write_x(rd, b.CreateOr(x(rs1), splat(imm)));
      return true;
   case Op::ANDI:
      write_x(rd, b.CreateAnd(x(rs1), splat(imm)));
      return true;
   case Op::SLLI:
      write_x(rd, b.CreateShl(x(rs1), splat(imm & 31)));
      return true;
   case Op::SRLI:
      write_x(rd, b.CreateLShr(x(rs1), splat(imm & 31)));
      return true;
   case Op::SRAI:
      write_x(rd, b.CreateAShr(x(rs1), splat(imm & 31)));
      return true;
   case Op::ADD:
      write_x(rd, b.CreateAdd(x(rs1), x(rs2)));
      return true;
   case Op::SUB:
      write_x(rd, b.CreateSub(x(rs1), x(rs2)));
      return true;
   case Op::SLL:
      write_x(rd, b.CreateShl(x(rs1), b.CreateAnd(x(rs2), splat(31))));
      return true;
   case Op::SLT:
      write_x(rd, bool32(b.CreateICmpSLT(x(rs1), x(rs2))));
      return true;
   case Op::SLTU:
      write_x(rd, bool32(b.CreateICmpULT(x(rs1), x(rs2))));
      return true;
   case Op::XOR:
      write_x(rd, b.CreateXor(x(rs1), x(rs2)));
      return true;
   case Op::SRL:
      write_x(rd, b.CreateLShr(x(rs1), b.CreateAnd(x(rs2), splat(31))));
      return true;
   case Op::SRA:
      write_x(rd, b.CreateAShr(x(rs1), b.CreateAnd(x(rs2), splat(31))));
      return true;
   case Op::OR:
      write_x(rd, b.CreateOr(x(rs1), x(rs2)));
      return true;
   case Op::AND:
      write_x(rd, b.CreateAnd(x(rs1), x(rs2)));
      return true;
   case Op::FENCE:
      return true;

   case Op::MUL:
      write_x(rd, b.CreateMul(x(rs1), x(rs2)));
      return true;
   case Op::MULH:
   case Op::MULHSU:
   case Op::MULHU: {
      Value *a = in.op == Op::MULHU ? b.CreateZExt(x(rs1), vl_) : b.CreateSExt(x(rs1), vl_);
      Value *c = in.op == Op::MULH ? b.CreateSExt(x(rs2), vl_) : b.CreateZExt(x(rs2), vl_);
      Value *hi = b.CreateLShr(b.CreateMul(a, c), b.CreateVectorSplat(kWarpWidth, b.getInt64(32)));
      write_x(rd, b.CreateTrunc(hi, vi_));
      return true;
   }
   case Op::DIV:
   case Op::REM: {
      /* RISC-V's results for x / 0 and INT_MIN / -1; the host divides by 1 there. */
      Value *a = x(rs1), *d = x(rs2);
      Value *zero = b.CreateICmpEQ(d, splat(0));
      Value *overflow =
         b.CreateAnd(b.CreateICmpEQ(a, splat(0x80000000u)), b.CreateICmpEQ(d, splat(UINT32_MAX)));
      Value *safe = b.CreateSelect(b.CreateOr(zero, overflow), splat(1), d);
      Value *r;
      if (in.op == Op::DIV)
         r = b.CreateSelect(zero, splat(UINT32_MAX),
                            b.CreateSelect(overflow, a, b.CreateSDiv(a, safe)));
      else
         r = b.CreateSelect(zero, a, b.CreateSelect(overflow, splat(0), b.CreateSRem(a, safe)));
      write_x(rd, r);
      return true;
   }
   case Op::DIVU:
   case Op::REMU: {
      Value *a = x(rs1), *d = x(rs2);
      Value *zero = b.CreateICmpEQ(d, splat(0));
      Value *safe = b.CreateSelect(zero, splat(1), d);
      Value *r = in.op == Op::DIVU ? b.CreateSelect(zero, splat(UINT32_MAX), b.CreateUDiv(a, safe))
                                   : b.CreateSelect(zero, a, b.CreateURem(a, safe));
      write_x(rd, r);
      return true;
   }

   case Op::FADD:
      write_f(rd, canon(b.CreateFAdd(ff(rs1), ff(rs2))));
      return true;
   case Op::FSUB:
      write_f(rd, canon(b.CreateFSub(ff(rs1), ff(rs2))));
      return true;
   case Op::FMUL:
      write_f(rd, canon(b.CreateFMul(ff(rs1), ff(rs2))));
      return true;
   case Op::FDIV:
      write_f(rd, canon(b.CreateFDiv(ff(rs1), ff(rs2))));
      return true;
   case Op::FSQRT:
      write_f(rd, canon(unary(Intrinsic::sqrt, ff(rs1))));
      return true;
   case Op::FMADD:
   case Op::FMSUB:
   case Op::FNMSUB:
   case Op::FNMADD: {
      Value *a = ff(rs1), *m = ff(rs2), *c = ff(rs3);
      if (in.op == Op::FNMSUB || in.op == Op::FNMADD)
         a = b.CreateFNeg(a);
      if (in.op == Op::FMSUB || in.op == Op::FNMADD)
         c = b.CreateFNeg(c);
      write_f(rd, canon(b.CreateIntrinsic(Intrinsic::fma, {vf_}, {a, m, c})));
      return true;
   }
   case Op::FSGNJ:
      write_f(rd, b.CreateOr(b.CreateAnd(f(rs1), splat(0x7fffffffu)),
                             b.CreateAnd(f(rs2), splat(0x80000000u))));
      return true;
   case Op::FSGNJN:
      write_f(rd, b.CreateOr(b.CreateAnd(f(rs1), splat(0x7fffffffu)),
                             b.CreateAnd(b.CreateNot(f(rs2)), splat(0x80000000u))));
      return true;
   case Op::FSGNJX:
      write_f(rd, b.CreateXor(f(rs1), b.CreateAnd(f(rs2), splat(0x80000000u))));
      return true;
   case Op::FMIN:
   case Op::FMAX: {
      /* fmin_max(): NaN operands lose, −0 is below +0. */
      const bool max = in.op == Op::FMAX;
      Value *a = f(rs1), *c = f(rs2);
      Value *fa = b.CreateBitCast(a, vf_), *fc = b.CreateBitCast(c, vf_);
      Value *na = b.CreateFCmpUNO(fa, fa), *nc = b.CreateFCmpUNO(fc, fc);
      Value *equal = b.CreateFCmpOEQ(fa, fc);
      Value *first = max ? b.CreateFCmpOGT(fa, fc) : b.CreateFCmpOLT(fa, fc);
      Value *r = b.CreateSelect(equal, max ? b.CreateAnd(a, c) : b.CreateOr(a, c),
                                b.CreateSelect(first, a, c));
      r = b.CreateSelect(nc, a, r);
      r = b.CreateSelect(na, c, r);
      r = b.CreateSelect(b.CreateAnd(na, nc), splat(0x7fc00000u), r);
      write_f(rd, r);
      return true;
   }
   case Op::FCVT_W_S:
   case Op::FCVT_WU_S: {
      Value *v = ff(rs1);
      const unsigned rm = in.rm == 7 ? 0 : in.rm;
      const Intrinsic::ID round = rm == 1   ? Intrinsic::trunc
                                  : rm == 2 ? Intrinsic::floor
                                  : rm == 3 ? Intrinsic::ceil
                                  : rm == 4 ? Intrinsic::round
                                            : Intrinsic::nearbyint;
      Value *r = unary(round, v);
      Value *nan = b.CreateFCmpUNO(v, v);
      Value *out;
      if (in.op == Op::FCVT_W_S) {
         Value *high = b.CreateFCmpOGE(r, splatf(2147483648.0f));
         Value *low = b.CreateFCmpOLT(r, splatf(-2147483648.0f));
         Value *fits = b.CreateAnd(b.CreateFCmpOLT(r, splatf(2147483648.0f)),
                                   b.CreateFCmpOGE(r, splatf(-2147483648.0f)));
         Value *conv = b.CreateFPToSI(b.CreateSelect(fits, r, splatf(0.0f)), vi_);
         out = b.CreateSelect(b.CreateOr(nan, high), splat(INT32_MAX),
                              b.CreateSelect(low, splat(0x80000000u), conv));
      } else {
         Value *high = b.CreateFCmpOGE(r, splatf(4294967296.0f));
         Value *low = b.CreateFCmpOLE(r, splatf(0.0f));
         Value *fits = b.CreateAnd(b.CreateFCmpOLT(r, splatf(4294967296.0f)),
                                   b.CreateFCmpOGT(r, splatf(0.0f)));
         Value *conv = b.CreateFPToUI(b.CreateSelect(fits, r, splatf(0.0f)), vi_);
         out = b.CreateSelect(b.CreateOr(nan, high), splat(UINT32_MAX),
                              b.CreateSelect(low, splat(0), conv));
      }
      write_x(rd, out);
      return true;
   }
   case Op::FMV_X_W:
      write_x(rd, f(rs1));
      return true;
   case Op::FMV_W_X:
      write_f(rd, opaque(x(rs1)));
      return true;
   case Op::FCVT_S_W:
      write_f(rd, opaque(b.CreateBitCast(b.CreateSIToFP(x(rs1), vf_), vi_)));
      return true;
   case Op::FCVT_S_WU:
      write_f(rd, opaque(b.CreateBitCast(b.CreateUIToFP(x(rs1), vf_), vi_)));
      return true;
   case Op::FEQ:
      write_x(rd, bool32(b.CreateFCmpOEQ(ff(rs1), ff(rs2))));
      return true;
   case Op::FLT:
      write_x(rd, bool32(b.CreateFCmpOLT(ff(rs1), ff(rs2))));
      return true;
   case Op::FLE:
      write_x(rd, bool32(b.CreateFCmpOLE(ff(rs1), ff(rs2))));
      return true;

   case Op::SYSVAL:
      if (in.sub == LSGPU_SYSVAL_LANE) {
         std::vector<Constant *> lanes;
         for (unsigned l = 0; l < kWarpWidth; l++)
            lanes.push_back(b.getInt32(l));
         write_x(rd, ConstantVector::get(lanes));
      } else if (in.sub == LSGPU_SYSVAL_HELPER) {
         write_x(rd, bool32(b.CreateBitCast(load16(offsetof(Warp, helper)), vb_)));
      } else {
         write_x(rd, load_vec(warp_field(offsetof(Warp, sysval) + in.sub * kRegBytes)));
      }
      return true;

   case Op::FUNARY: {
      Value *v = ff(rs1), *r;
      switch (in.sub) {
      case LSGPU_FUNARY_FLOOR:
         r = unary(Intrinsic::floor, v);
         break;
      case LSGPU_FUNARY_CEIL:
         r = unary(Intrinsic::ceil, v);
         break;
      case LSGPU_FUNARY_TRUNC:
         r = unary(Intrinsic::trunc, v);
         break;
      case LSGPU_FUNARY_ROUNDEVEN:
         r = unary(Intrinsic::nearbyint, v);
         break;
      case LSGPU_FUNARY_FRACT:
         r = b.CreateFSub(v, unary(Intrinsic::floor, v));
         r = b.CreateSelect(b.CreateFCmpOGE(r, splatf(1.0f)), splatf(0x1.fffffep-1f), r);
         break;
      case LSGPU_FUNARY_RCP:
         r = b.CreateFDiv(splatf(1.0f), v);
         break;
      case LSGPU_FUNARY_RSQRT:
         r = b.CreateFDiv(splatf(1.0f), unary(Intrinsic::sqrt, v));
         break;
      default:
         return false;
      }
      write_f(rd, canon(r));
      return true;
   }
   default:
      return false;
   }
}

/* The block's last instruction moves its lanes: pcs_ become the new PCs, and lanes that
 * jumped to address 0 end (step()'s rule for control instructions). */
Emitter::Successors
Emitter::emit_control(const Inst &in, unsigned position, uint32_t pc)
{
   auto &b = b_;
   Successors succ;
   Value *next = splat(pc + 4);
   Value *target = nullptr;
   switch (in.op) {
   case Op::JAL:
      target = splat(pc + (uint32_t)in.imm);
      succ.target = pc + (uint32_t)in.imm;
      write_x(in.rd, next);
      break;
   case Op::JALR: {
      target = b.CreateAnd(b.CreateAdd(x(in.rs1), splat((uint32_t)in.imm)), splat(~1u));
      Value *bad = b.CreateAnd(
         b.CreateBitCast(b.CreateICmpNE(b.CreateAnd(target, splat(3)), splat(0)), i16_), mask_);
      BasicBlock *ok = new_block("jalr_ok"), *misaligned = new_block("jalr_misaligned");
      b.CreateCondBr(b.CreateICmpEQ(bad, b.getInt16(0)), ok, misaligned,
                     MDBuilder(ctx_).createBranchWeights(1 << 20, 1));
      b.SetInsertPoint(misaligned);
      FunctionType *ty = FunctionType::get(b.getVoidTy(), {ptr_, i32_, i32_, i32_}, false);
      Value *lane = b.CreateZExt(b.CreateBinaryIntrinsic(Intrinsic::cttz, bad, b.getTrue()), i32_);
      b.CreateCall(helper(kJitHelperNames.fail, ty),
                   {exec_, b.getInt32(LSGPU_FAULT_MISALIGNED), b.getInt32(pc), lane});
      fault_exit(position, pc);
      b.SetInsertPoint(ok);
      write_x(in.rd, next);
      break;
   }
   case Op::TERMINATE: {
      Value *killed = load16(offsetof(Warp, killed));
      store16(offsetof(Warp, killed), b.CreateOr(killed, mask_));
      Value *live = load16(offsetof(Warp, live));
      store16(offsetof(Warp, live), b.CreateAnd(live, b.CreateNot(mask_)));
      new_pcs_ = pcs_; /* the lanes' PCs stay; they have ended */
      return succ;
   }
   default: {
      Value *a = x(in.rs1), *c = x(in.rs2), *taken;
      switch (in.op) {
      case Op::BEQ:
         taken = b.CreateICmpEQ(a, c);
         break;
      case Op::BNE:
         taken = b.CreateICmpNE(a, c);
         break;
      case Op::BLT:
         taken = b.CreateICmpSLT(a, c);
         break;
      case Op::BGE:
         taken = b.CreateICmpSGE(a, c);
         break;
      case Op::BLTU:
         taken = b.CreateICmpULT(a, c);
         break;
      default:
         taken = b.CreateICmpUGE(a, c);
         break;
      }
      target = b.CreateSelect(taken, splat(pc + (uint32_t)in.imm), next);
      succ.taken = b.CreateAnd(b.CreateBitCast(taken, i16_), mask_);
      succ.target = pc + (uint32_t)in.imm;
      succ.next = pc + 4;
      break;
   }
   }
   new_pcs_ = b.CreateSelect(maskv_, target, pcs_);
   b.CreateAlignedStore(new_pcs_, warp_field(offsetof(Warp, pc)), Align(4));
   Value *at_zero = b.CreateBitCast(b.CreateICmpEQ(new_pcs_, splat(0)), i16_);
   Value *live = load16(offsetof(Warp, live));
   store16(offsetof(Warp, live), b.CreateAnd(live, b.CreateNot(b.CreateAnd(at_zero, mask_))));
   return succ;
}

Emitter::Entry
Emitter::entry_phis(unsigned preds)
{
   return {b_.CreatePHI(vi_, preds), b_.CreatePHI(i16_, preds), b_.CreatePHI(i32_, preds),
           b_.CreatePHI(i16_, preds)};
}

void
Emitter::enter(BasicBlock *to, const Entry &e, Value *pcs, Value *mask, Value *wait_pc,
               Value *wait_mask)
{
   BasicBlock *from = b_.GetInsertBlock();
   e.pcs->addIncoming(pcs, from);
   e.mask->addIncoming(mask, from);
   e.wait_pc->addIncoming(wait_pc, from);
   e.wait_mask->addIncoming(wait_mask, from);
   b_.CreateBr(to);
}

/* Ends a block by choosing the next one as the dispatch would: the lowest PC among the
 * runnable lanes, with every runnable lane there (min-PC SIMT). The dispatch finds it
 * with two reductions over the lanes and an indirect jump through one shared table, on
 * the path every block waits for; here it is found from what the block knows.
 *
 * A block knows its own lanes and, besides them, the lanes waiting at one higher PC
 * (wait_pc_, wait_mask_; none is ~0 and 0): the other side of the branch that split
 * them, or what the dispatch saw. When those are all the runnable lanes (the live ones
 * not at a barrier; anything else, such as a lane that ended, leaves it to the
 * dispatch), the block's lanes going one way to PC s continue
 * - at s, still waiting for the others, when s is below wait_pc;
 * - at s with the others too, when s is wait_pc (the paths reconverge);
 * - at wait_pc with the others, when s is above it, and s is where the block's lanes now
 *   wait (an indirect jump, but not a search).
 * A branch that splits lanes which had no others waiting runs the lower side, the
 * higher one waiting. A third group of lanes is the dispatch's. */
void
Emitter::emit_chain(const Successors &succ)
{
   auto &b = b_;
   auto block_at = [&](uint32_t pc) -> BasicBlock * {
      if (pc == ~0u || pc < prog_.va || (pc - prog_.va) % 4 ||
          (pc - prog_.va) / 4 >= blocks_.size())
         return nullptr;
      return blocks_[(pc - prog_.va) / 4];
   };
   BasicBlock *leave = new_block("leave");
   {
      IRBuilderBase::InsertPointGuard guard(b);
      b.SetInsertPoint(leave);
      dispatch_pcs_->addIncoming(new_pcs_, leave);
      b.CreateBr(dispatch_);
   }
   if (succ.target == ~0u && succ.next == ~0u) {
      b.CreateBr(leave); /* computed jumps, ended lanes */
      return;
   }
   Value *none_pc = b.getInt32(~0u), *none = b.getInt16(0);
   Value *runnable =
      b.CreateAnd(load16(offsetof(Warp, live)), b.CreateNot(load16(offsetof(Warp, barrier_lanes))));
   BasicBlock *known = new_block("known");
   b.CreateCondBr(b.CreateICmpEQ(runnable, b.CreateOr(mask_, wait_mask_)), known, leave);
   b.SetInsertPoint(known);

   /* Into the block at pc with these lanes, or to the dispatch when no block starts
    * there. */
   auto go = [&](uint32_t pc, Value *lanes, Value *wait_pc, Value *wait_mask) {
      if (BasicBlock *to = block_at(pc))
         enter(to, entries_[to], new_pcs_, lanes, wait_pc, wait_mask);
      else
         b.CreateBr(leave);
   };
   /* The block's lanes all at s. */
   auto one_way = [&](uint32_t s) {
      BasicBlock *below = new_block("below"), *not_below = new_block("not_below"),
                 *at = new_block("reconverge"), *above = new_block("above");
      Value *spc = b.getInt32(s);
      b.CreateCondBr(b.CreateICmpULT(spc, wait_pc_), below, not_below);
      b.SetInsertPoint(below);
      go(s, mask_, wait_pc_, wait_mask_);
      b.SetInsertPoint(not_below);
      b.CreateCondBr(b.CreateICmpEQ(spc, wait_pc_), at, above);
      b.SetInsertPoint(at);
      go(s, b.CreateOr(mask_, wait_mask_), none_pc, none);
      b.SetInsertPoint(above);
      resume_pc_->addIncoming(wait_pc_, above);
      enter(resume_, resume_entry_, new_pcs_, wait_mask_, spc, mask_);
   };

   if (!succ.taken || succ.target == succ.next) {
      /* One way on (a branch to the next instruction goes nowhere else either). */
      one_way(succ.target != ~0u ? succ.target : succ.next);
      return;
   }
   Value *not_taken = b.CreateAnd(mask_, b.CreateNot(succ.taken));
   const bool taken_first = succ.target < succ.next;
   const uint32_t lower_pc = taken_first ? succ.target : succ.next;
   const uint32_t higher_pc = taken_first ? succ.next : succ.target;
   Value *lower_lanes = taken_first ? succ.taken : not_taken;
   Value *higher_lanes = taken_first ? not_taken : succ.taken;
   Value *lower_any = b.CreateICmpNE(lower_lanes, none);
   Value *higher_any = b.CreateICmpNE(higher_lanes, none);
   BasicBlock *split = new_block("split"), *together = new_block("together"),
              *lower = new_block("lower"), *higher = new_block("higher");
   b.CreateCondBr(b.CreateAnd(lower_any, higher_any), split, together);
   b.SetInsertPoint(split);
   BasicBlock *first = new_block("first");
   b.CreateCondBr(b.CreateICmpEQ(wait_mask_, none), first, leave);
   b.SetInsertPoint(first);
   go(lower_pc, lower_lanes, b.getInt32(higher_pc), higher_lanes);
   b.SetInsertPoint(together);
   b.CreateCondBr(lower_any, lower, higher);
   b.SetInsertPoint(lower);
   one_way(lower_pc);
   b.SetInsertPoint(higher);
   one_way(higher_pc);
}

void
Emitter::emit_block(const Block &blk, BasicBlock *bb)
{
   auto &b = b_;
   b.SetInsertPoint(bb);
   block_first_ = blk.first;
   /* The lanes and PCs come from the dispatch or from a block that jumped here. */
   const Entry &e = entries_[bb];
   pcs_ = e.pcs;
   mask_ = e.mask;
   wait_pc_ = e.wait_pc;
   wait_mask_ = e.wait_mask;
   maskv_ = lanes(mask_);
   popcount_ = b.CreateZExt(b.CreateUnaryIntrinsic(Intrinsic::ctpop, mask_), i64_);
   uint64_t total = 0;
   for (unsigned j = 0; j < blk.count; j++)
      total += 1 + prog_.code[blk.first + j].cycles;

   /* The block runs whole only where step() would not stop inside it: the budget covers
    * it, and the watchdog's check every 1024 instructions (asked of the core when the
    * block spans one) would not fire. */
   BasicBlock *interpret = new_block("to_interpreter"), *budget_ok = new_block("budget_ok"),
              *check = new_block("watchdog"), *body = new_block("body");
   b.CreateCondBr(b.CreateICmpSGE(b.CreateLoad(i64_, budget_), b.getInt64(blk.count)), budget_ok,
                  interpret);
   b.SetInsertPoint(interpret);
   exit_with(LSGPU_JIT_INTERPRET);

   b.SetInsertPoint(budget_ok);
   Value *done = b.CreateLoad(i64_, warp_insts_);
   Value *phase = b.CreateAnd(done, b.getInt64(1023));
   Value *spans =
      b.CreateOr(b.CreateICmpEQ(phase, b.getInt64(0)),
                 b.CreateICmpUGT(b.CreateAdd(phase, b.getInt64(blk.count)), b.getInt64(1024)));
   b.CreateCondBr(spans, check, body, MDBuilder(ctx_).createBranchWeights(1, 64));
   b.SetInsertPoint(check);
   FunctionType *wty = FunctionType::get(i32_, {ptr_, i32_, i32_, i64_, i64_}, false);
   Value *go = b.CreateCall(
      helper(kJitHelperNames.watchdog, wty),
      {exec_, b.getInt32(blk.first), b.getInt32(blk.count), done, b.CreateLoad(i64_, cycles_)});
   b.CreateCondBr(b.CreateICmpNE(go, b.getInt32(0)), body, interpret);

   b.SetInsertPoint(body);
   bool control = false;
   Successors succ;
   for (unsigned j = 0; j < blk.count; j++) {
      const unsigned index = blk.first + j;
      const Inst &in = prog_.code[index];
      const uint32_t pc = prog_.va + 4 * index;
      switch (classify(in)) {
      case Kind::Inline:
         if (!emit_inline(in, pc))
            emit_helper(index, j, pc);
         break;
      case Kind::Helper:
         if (!emit_memory(in, index, j, pc))
            emit_helper(index, j, pc);
         break;
      case Kind::Control:
         succ = emit_control(in, j, pc);
         control = true;
         break;
      case Kind::Unsupported:
         break; /* find_blocks() never puts one in a block */
      }
   }
   if (!control) {
      const uint32_t end = prog_.va + 4 * (blk.first + blk.count);
      new_pcs_ = b.CreateSelect(maskv_, splat(end), pcs_);
      b.CreateAlignedStore(new_pcs_, warp_field(offsetof(Warp, pc)), Align(4));
      succ.target = end;
   }
   account(blk.count, total);
   emit_chain(succ);
}

Function *
Emitter::build(const std::string &name)
{
   auto &b = b_;
   FunctionType *fty = FunctionType::get(i32_, {ptr_, ptr_}, false);
   fn_ = Function::Create(fty, Function::ExternalLinkage, name, mod_);
   fn_->addParamAttr(0, Attribute::NoAlias);
   fn_->addParamAttr(1, Attribute::NoAlias);
   fn_->addFnAttr(Attribute::NoUnwind);
   w_ = fn_->getArg(0);
   frame_ = fn_->getArg(1);

   BasicBlock *entry = new_block("entry");
   b.SetInsertPoint(entry);
   budget_ = b.CreateAlloca(i64_);
   warp_insts_ = b.CreateAlloca(i64_);
   lane_insts_ = b.CreateAlloca(i64_);
   cycles_ = b.CreateAlloca(i64_);
   opaque_slot_ = b.CreateAlloca(vi_);
   const std::pair<AllocaInst *, size_t> counters[] = {
      {budget_, offsetof(JitFrame, budget)},
      {warp_insts_, offsetof(JitFrame, warp_insts)},
      {lane_insts_, offsetof(JitFrame, lane_insts)},
      {cycles_, offsetof(JitFrame, cycles)},
   };
   for (auto &[slot, off] : counters)
      b.CreateStore(b.CreateLoad(i64_, frame_field(off)), slot);
   exec_ = b.CreateLoad(ptr_, frame_field(offsetof(JitFrame, exec)));

   exit_ = new_block("exit");
   b.SetInsertPoint(exit_);
   exit_code_ = b.CreatePHI(i32_, 8);
   for (auto &[slot, off] : counters)
      b.CreateStore(b.CreateLoad(i64_, slot), frame_field(off));
   b.CreateRet(exit_code_);

   fault_ = new_block("fault");
   b.SetInsertPoint(fault_);
   fault_index_ = b.CreatePHI(i32_, 16);
   fault_first_ = b.CreatePHI(i32_, 16);
   fault_mask_ = b.CreatePHI(i16_, 16);

   /* The lanes' PCs travel from block to block in host registers; the Warp's copy,
    * which each block also writes, is for the helpers and the interpreter. */
   BasicBlock *dispatch = dispatch_ = new_block("dispatch");
   b.SetInsertPoint(entry);
   Value *entry_pcs = b.CreateAlignedLoad(vi_, warp_field(offsetof(Warp, pc)), Align(4));
   b.CreateBr(dispatch);

   /* run_warp()'s loop and step()'s choice of lanes: the warp yields once it has ended
    * or every lane still running waits at a barrier. */
   b.SetInsertPoint(dispatch);
   dispatch_pcs_ = b.CreatePHI(vi_, 8);
   dispatch_pcs_->addIncoming(entry_pcs, entry);
   Value *pcs = dispatch_pcs_;
   Value *live = load16(offsetof(Warp, live));
   Value *waiting = load16(offsetof(Warp, barrier_lanes));
   Value *runnable = b.CreateAnd(live, b.CreateNot(waiting));
   BasicBlock *yield = new_block("yield"), *pick = new_block("pick");
   b.CreateCondBr(b.CreateICmpEQ(runnable, b.getInt16(0)), yield, pick);
   b.SetInsertPoint(yield);
   exit_with(LSGPU_JIT_YIELD);

   b.SetInsertPoint(pick);
   auto lowest = [&](Value *among, Value **at) {
      Value *pc = b.CreateIntMinReduce(b.CreateSelect(lanes(among), pcs, splat(UINT32_MAX)),
                                       /*IsSigned=*/false);
      *at = b.CreateAnd(
         b.CreateBitCast(b.CreateICmpEQ(pcs, b.CreateVectorSplat(kWarpWidth, pc)), i16_), among);
      return pc;
   };
   Value *mask, *wait_mask;
   Value *pc = lowest(runnable, &mask);
   /* The next PC up, for the blocks to come (emit_chain()). */
   Value *wait_pc = lowest(b.CreateAnd(runnable, b.CreateNot(mask)), &wait_mask);

   b.SetInsertPoint(fault_);
   b.CreateStore(fault_index_, frame_field(offsetof(JitFrame, fault_index)));
   b.CreateStore(fault_first_, frame_field(offsetof(JitFrame, fault_first)));
   b.CreateStore(b.CreateZExt(fault_mask_, i32_), frame_field(offsetof(JitFrame, fault_mask)));
   exit_with(LSGPU_JIT_FAULT);

   /* One table entry per instruction: its block when one starts there, else the
    * interpreter (mid-block entries after a JALR, instructions not compiled). */
   const unsigned n = (unsigned)prog_.code.size();
   BasicBlock *interpret = new_block("interpret");
   b.SetInsertPoint(interpret);
   exit_with(LSGPU_JIT_INTERPRET);
   std::vector<Block> blocks = find_blocks();
   std::vector<BasicBlock *> target(n, interpret);
   blocks_.assign(n, nullptr);
   for (const Block &blk : blocks) {
      target[blk.first] = blocks_[blk.first] = new_block("block");
      b.SetInsertPoint(target[blk.first]);
      entries_[target[blk.first]] = entry_phis(4);
   }
   std::vector<Constant *> addresses;
   for (unsigned i = 0; i < n; i++)
      addresses.push_back(BlockAddress::get(fn_, target[i]));
   ArrayType *table_ty = ArrayType::get(ptr_, n);
   auto *table = new GlobalVariable(mod_, table_ty, true, GlobalValue::PrivateLinkage,
                                    ConstantArray::get(table_ty, addresses), name + ".blocks");

   /* The jump to the block at a PC: from the dispatch, and from blocks that resume lanes
    * waiting there. PCs outside the program, or not on an instruction, are the
    * interpreter's (it faults them as it always has). */
   auto jump_to = [&](Value *to_pc, Value *pcs_in, Value *mask_in, Value *wait_pc_in,
                      Value *wait_mask_in) {
      Value *offset = b.CreateSub(to_pc, b.getInt32(prog_.va));
      BasicBlock *table_jump = new_block("table_jump"), *outside = new_block("outside");
      Value *inside =
         b.CreateAnd(b.CreateICmpULT(offset, b.getInt32(4 * n)),
                     b.CreateICmpEQ(b.CreateAnd(offset, b.getInt32(3)), b.getInt32(0)));
      b.CreateCondBr(inside, table_jump, outside);
      b.SetInsertPoint(outside);
      exit_with(LSGPU_JIT_INTERPRET);
      b.SetInsertPoint(table_jump);
      Value *slot = b.CreateInBoundsGEP(table_ty, table, {b.getInt32(0), b.CreateLShr(offset, 2)});
      IndirectBrInst *jump =
         b.CreateIndirectBr(b.CreateLoad(ptr_, slot), (unsigned)blocks.size() + 1);
      jump->addDestination(interpret);
      for (const Block &blk : blocks) {
         jump->addDestination(target[blk.first]);
         const Entry &e = entries_[target[blk.first]];
         e.pcs->addIncoming(pcs_in, table_jump);
         e.mask->addIncoming(mask_in, table_jump);
         e.wait_pc->addIncoming(wait_pc_in, table_jump);
         e.wait_mask->addIncoming(wait_mask_in, table_jump);
      }
   };
   b.SetInsertPoint(pick);
   jump_to(pc, pcs, mask, wait_pc, wait_mask);

   resume_ = new_block("resume");
   b.SetInsertPoint(resume_);
   resume_entry_ = entry_phis(8);
   resume_pc_ = b.CreatePHI(i32_, 8);
   jump_to(resume_pc_, resume_entry_.pcs, resume_entry_.mask, resume_entry_.wait_pc,
           resume_entry_.wait_mask);

   for (const Block &blk : blocks)
      emit_block(blk, target[blk.first]);
   return fn_;
}

} // namespace

Function *
shader_jit_build(Module &module, const ShaderProgram &program, const std::string &name)
{
   return Emitter(module, program).build(name);
}

} // namespace lsgpu::sim
