/* SPDX-License-Identifier: MIT */

/* NIR → LLVM IR for one LSGPU-1 lane (docs/compiler.md). The shader becomes one
 * function `void main(ptr in, ptr out, ptr constants, ptr descriptors, ptr shared)`,
 * matching the lane ABI's a0..a4 (docs/isa.md §4). Structured control flow maps one
 * NIR block to one LLVM block; min-PC reconvergence needs no markers, so LLVM may
 * reshape it freely. Xlsgpu operations are inline asm with `.insn`: pure ones without
 * side effects so LLVM can CSE and hoist them, cross-lane ones `convergent`. */

#include "lsgpu_llvm.h"
#include "lsgpu_nir.h"
#include "lsgpu_isa.h"
#include "lsgpu_packets.h"

#include <array>
#include <unordered_map>

#include <llvm/IR/Constants.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/InlineAsm.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

using namespace llvm;

namespace lsgpu
{
namespace
{

enum Arg { ARG_IN, ARG_OUT, ARG_CONST, ARG_DESC, ARG_SHARED, ARG_COUNT };

class Translator
{
 public:
   Translator(nir_shader *nir, LLVMContext &ctx)
       : nir_(nir), ctx_(ctx), b_(ctx), i1_(Type::getInt1Ty(ctx)), i8_(Type::getInt8Ty(ctx)),
         i32_(Type::getInt32Ty(ctx)), i64_(Type::getInt64Ty(ctx)), f32_(Type::getFloatTy(ctx)),
         ptr_(PointerType::get(ctx, 0))
   {
   }

   std::unique_ptr<Module> run(std::string *error);

 private:
   using Vec = std::array<Value *, NIR_MAX_VEC_COMPONENTS>;
   struct PendingPhi {
      nir_phi_instr *phi;
      PHINode *node[NIR_MAX_VEC_COMPONENTS];
   };

   bool fail(const std::string &why)
   {
      if (error_.empty())
         error_ = why;
      return false;
   }

   /* Values: each NIR component is one LLVM value, i32 or float; consumers bitcast. */
   Value *get(const nir_src &src, unsigned c) { return defs_[src.ssa->index][c]; }
   Value *as_i(Value *v) { return v->getType()->isFloatTy() ? b_.CreateBitCast(v, i32_) : v; }
   Value *as_f(Value *v) { return v->getType()->isIntegerTy() ? b_.CreateBitCast(v, f32_) : v; }
   Value *geti(const nir_src &src, unsigned c) { return as_i(get(src, c)); }
   void set(nir_def *def, unsigned c, Value *v) { defs_[def->index][c] = v; }
   Value *bool32(Value *cond) { return b_.CreateSExt(cond, i32_); }
   Value *is_true(Value *v) { return b_.CreateICmpNE(as_i(v), b_.getInt32(0)); }

   /* base + offset; no base: offset is a 32-bit address (global memory). An inbounds
    * GEP from null would be poison, which LLVM may turn into unreachable. */
   Value *byte_ptr(Value *base, Value *offset)
   {
      return base ? b_.CreateInBoundsGEP(i8_, base, offset) : b_.CreateIntToPtr(offset, ptr_);
   }
   /* Robust buffer access (docs/isa.md §4): the 32-bit address of an access of extent
    * bytes at offset into a buffer of size bytes at address when it lies wholly inside,
    * else the robustness sink, which reads 0 and drops stores and atomics. */
   Value *robust_address(Value *address, Value *size, Value *offset, unsigned extent)
   {
      Value *inside =
         b_.CreateAnd(b_.CreateICmpUGE(size, b_.getInt32(extent)),
                      b_.CreateICmpULE(offset, b_.CreateSub(size, b_.getInt32(extent))));
      return b_.CreateSelect(inside, b_.CreateAdd(address, offset),
                             b_.getInt32((uint32_t)LSGPU_ROBUST_SINK_BASE));
   }
   /* Word `word` of buffer-table entry `entry` (docs/isa.md §4: address, size). */
   Value *buffer_entry(Value *entry, unsigned word)
   {
      Value *byte = b_.CreateShl(entry, 2 + __builtin_ctz(LSGPU_BUFFER_TABLE_ENTRY_WORDS));
      return load32(buffer_table(), b_.CreateAdd(byte, b_.getInt32(4 * word)), true);
   }
   Value *load32(Value *base, Value *offset, bool invariant = false)
   {
      LoadInst *ld = b_.CreateAlignedLoad(i32_, byte_ptr(base, offset), Align(4));
      if (invariant)
         ld->setMetadata(LLVMContext::MD_invariant_load, MDNode::get(ctx_, {}));
      return ld;
   }
   /* 8- and 16-bit values live in i32s whose upper bits are undefined (docs/
    * compiler.md): loads zero-extend, stores truncate, conversions mask. 64-bit
    * values are i64s (two registers; LLVM splits their loads and stores). */
   Value *load_narrow(Value *base, Value *offset, unsigned bits, bool invariant = false)
   {
      if (bits == 32)
         return load32(base, offset, invariant);
      Type *t = IntegerType::get(ctx_, bits);
      LoadInst *ld = b_.CreateAlignedLoad(t, byte_ptr(base, offset), Align(std::min(bits / 8, 4u)));
      if (invariant)
         ld->setMetadata(LLVMContext::MD_invariant_load, MDNode::get(ctx_, {}));
      return bits == 64 ? (Value *)ld : b_.CreateZExt(ld, i32_);
   }
   void store_narrow(Value *v, Value *base, Value *offset, unsigned bits)
   {
      if (bits == 32)
         return store32(v, base, offset);
      if (bits == 64) {
         b_.CreateAlignedStore(v, byte_ptr(base, offset), Align(4));
         return;
      }
      b_.CreateAlignedStore(b_.CreateTrunc(as_i(v), IntegerType::get(ctx_, bits)),
                            byte_ptr(base, offset), Align(bits / 8));
   }
   Value *pack64(Value *lo, Value *hi)
   {
      Type *i64 = Type::getInt64Ty(ctx_);
      return b_.CreateOr(b_.CreateZExt(lo, i64), b_.CreateShl(b_.CreateZExt(hi, i64), 32));
   }
   /* An IEEE half in the low 16 bits to a float, exactly, in integer operations
    * (LSGPU-1 has no half floats; LLVM would call a runtime routine). Denormal halves
    * are kept: rusticl asks for them. */
   Value *half_to_float(Value *h)
   {
      Value *abs = b_.CreateAnd(h, 0x7fff);
      Value *sign = b_.CreateShl(b_.CreateAnd(h, 0x8000), 16);
      /* Rebias the exponent (127 - 15); infinity and NaN take the largest one. */
      Value *normal = b_.CreateAdd(b_.CreateShl(abs, 13), b_.getInt32(112u << 23));
      Value *special = b_.CreateOr(normal, b_.getInt32(0x7f800000));
      Value *denormal = b_.CreateBitCast(
         b_.CreateFMul(b_.CreateUIToFP(abs, f32_), ConstantFP::get(f32_, 0x1p-24)), i32_);
      Value *bits = b_.CreateSelect(
         b_.CreateICmpUGE(abs, b_.getInt32(0x7c00)), special,
         b_.CreateSelect(b_.CreateICmpULT(abs, b_.getInt32(0x400)), denormal, normal));
      return b_.CreateBitCast(b_.CreateOr(bits, sign), f32_);
   }
   void store32(Value *v, Value *base, Value *offset)
   {
      b_.CreateAlignedStore(v, byte_ptr(base, offset), Align(4));
   }

   /* Xlsgpu as inline asm. */
   Value *asm_call(Type *ret, ArrayRef<Value *> args, const std::string &text,
                   const std::string &constraints, bool side_effects, bool convergent);
   Value *xfunary(lsgpu_xop op, Value *x);
   Value *xquad(lsgpu_xop op, Value *x);
   Value *xsysval(unsigned index);
   Value *buffer_table();
   void xcontrol(lsgpu_xop op, bool memory);
   Value *div_asm(Instruction::BinaryOps llvm_op, const char *insn, Value *a, Value *b);

   bool block(nir_block *block);
   bool instr(nir_instr *instr);
   bool alu(nir_alu_instr *alu);
   Value *alu_scalar(nir_alu_instr *alu, unsigned c);
   bool intrinsic(nir_intrinsic_instr *intr);
   bool io(nir_intrinsic_instr *intr);
   bool framebuffer_load(nir_intrinsic_instr *intr);
   bool memory(nir_intrinsic_instr *intr);
   bool derivative(nir_intrinsic_instr *intr, lsgpu_xop op);
   bool tex(nir_tex_instr *tex);
   Value *texel_fetch(Value *unit, Value *coords[3], Value *level, bool ordered,
                      Value *sample = nullptr);
   void set_texel(nir_def *def, Value *res, nir_alu_type type);
   Value *descriptor_word(Value *unit, unsigned word);
   Value *atomic(nir_intrinsic_instr *intr, Value *p, unsigned data_src, bool swap);
   bool image_atomic(nir_intrinsic_instr *intr, Value *unit, Value *const coords[3],
                     glsl_sampler_dim dim, bool array);
   Value *descriptor_size(Value *unit, unsigned c, Value *level);
   void set_sizes(nir_def *def, Value *unit, bool array, Value *level);
   bool tex_fetch_or_size(nir_tex_instr *tex, Value *unit);
   bool image(nir_intrinsic_instr *intr);
   bool phi(nir_phi_instr *phi);
   bool finish_phis();

   nir_shader *nir_;
   LLVMContext &ctx_;
   IRBuilder<> b_;
   Type *i1_, *i8_, *i32_, *i64_, *f32_;
   PointerType *ptr_;
   std::unique_ptr<Module> module_;
   Function *fn_ = nullptr;
   Value *args_[ARG_COUNT] = {};
   Value *scratch_ = nullptr;
   std::vector<Vec> defs_;
   std::unordered_map<nir_block *, BasicBlock *> bbs_;
   std::unordered_map<nir_block *, BasicBlock *> ends_;
   std::vector<PendingPhi> phis_;
   std::string error_;
   /* Bytes of the default uniform block (a2) as the shader declares it: dynamically
    * indexed uniforms past it read 0. 0: unknown, not bounded. */
   uint32_t default_block_size_ = 0;
};

Value *
Translator::asm_call(Type *ret, ArrayRef<Value *> args, const std::string &text,
                     const std::string &constraints, bool side_effects, bool convergent)
{
   std::vector<Type *> types;
   for (Value *a : args)
      types.push_back(a->getType());
   FunctionType *ft = FunctionType::get(ret, types, false);
   InlineAsm *ia = InlineAsm::get(ft, text, constraints, side_effects);
   CallInst *call = b_.CreateCall(ft, ia, args);
   call->addFnAttr(Attribute::NoUnwind);
   if (!side_effects)
      call->setDoesNotAccessMemory();
   if (convergent)
      call->addFnAttr(Attribute::Convergent);
   return call;
}

/* The `.insn` text of an Xlsgpu instruction (src/hw/lsgpu_isa.yaml); rd, rs1, rs2 are
 * the asm operands of the registers the instruction lets the program choose. */
static std::string
insn(lsgpu_xop op, uint32_t sub, const char *rd, const char *rs1, const char *rs2)
{
   char buf[96];
   lsgpu_xlsgpu_insn(buf, sizeof(buf), op, sub, rd, rs1, rs2);
   return buf;
}

Value *
Translator::xfunary(lsgpu_xop op, Value *x)
{
   return asm_call(f32_, {as_f(x)}, insn(op, 0, "$0", "$1", ""), "=f,f", false, false);
}

Value *
Translator::xquad(lsgpu_xop op, Value *x)
{
   return asm_call(f32_, {as_f(x)}, insn(op, 0, "$0", "$1", ""), "=f,f", false, true);
}

/* Compute has the buffer table in a0; the other stages' a0 is their input block, so
 * they read its address from the BUFFER_TABLE system value. */
Value *
Translator::buffer_table()
{
   if (nir_->info.stage == MESA_SHADER_COMPUTE)
      return args_[ARG_IN];
   return b_.CreateIntToPtr(xsysval(LSGPU_SYSVAL_BUFFER_TABLE), ptr_);
}

Value *
Translator::xsysval(unsigned index)
{
   /* The helper flag changes at lsgpu.demote, so its read must stay in place. */
   const bool volatile_value = index == LSGPU_SYSVAL_HELPER;
   return asm_call(i32_, {}, insn(LSGPU_XOP_SYSVAL, index, "$0", "", ""), "=r", volatile_value,
                   false);
}

void
Translator::xcontrol(lsgpu_xop op, bool memory)
{
   asm_call(Type::getVoidTy(ctx_), {}, insn(op, 0, "", "", ""), memory ? "~{memory}" : "", true,
            op == LSGPU_XOP_BARRIER);
}

/* RV32M divides define division by zero (docs/isa.md §1); LLVM's sdiv/udiv make it
 * undefined behaviour, which LLVM may exploit. Constant non-zero divisors still use
 * LLVM's operations so it can strength-reduce them. */
Value *
Translator::div_asm(Instruction::BinaryOps llvm_op, const char *insn, Value *a, Value *b)
{
   if (auto *c = dyn_cast<ConstantInt>(b)) {
      if (!c->isZero() && !c->isMinusOne())
         return b_.CreateBinOp(llvm_op, a, b);
   }
   return asm_call(i32_, {a, b}, std::string(insn) + " $0, $1, $2", "=r,r,r", false, false);
}

std::unique_ptr<Module>
Translator::run(std::string *error)
{
   module_ = std::make_unique<Module>("lsgpu", ctx_);
   module_->setTargetTriple("riscv32-unknown-none-elf");
   module_->setDataLayout("e-m:e-p:32:32-i64:64-n32-S128");
   /* No small-data sections: constants go to .rodata, which our linker places. */
   module_->addModuleFlag(Module::Error, "SmallDataLimit", (uint32_t)0);

   /* st/mesa's default block is UBO binding 0, vec4s (nir_lower_uniforms_to_ubo). */
   nir_foreach_variable_with_modes(var, nir_, nir_var_mem_ubo)
   {
      if (var->data.binding == 0)
         default_block_size_ = glsl_count_vec4_slots(var->type, false, false) * 16;
   }

   std::vector<Type *> params(ARG_COUNT, ptr_);
   FunctionType *ft = FunctionType::get(Type::getVoidTy(ctx_), params, false);
   fn_ = Function::Create(ft, GlobalValue::ExternalLinkage, "main", module_.get());
   fn_->addFnAttr(Attribute::NoUnwind);
   fn_->addFnAttr(Attribute::NoReturn);
   fn_->addFnAttr(Attribute::NoRecurse);
   fn_->addFnAttr("no-jump-tables", "true");
   fn_->addFnAttr("frame-pointer", "none");
   for (unsigned i = 0; i < ARG_COUNT; i++) {
      fn_->addParamAttr(i, Attribute::NoAlias);
      args_[i] = fn_->getArg(i);
   }

   nir_function_impl *impl = nir_shader_get_entrypoint(nir_);
   nir_index_ssa_defs(impl);
   defs_.assign(impl->ssa_alloc, Vec{});

   BasicBlock *entry = BasicBlock::Create(ctx_, "entry", fn_);
   nir_foreach_block(blk, impl) bbs_[blk] =
      BasicBlock::Create(ctx_, "b" + std::to_string(blk->index), fn_);
   BasicBlock *exit = BasicBlock::Create(ctx_, "exit", fn_);
   bbs_[impl->end_block] = exit;

   b_.SetInsertPoint(entry);
   if (nir_->scratch_size) {
      AllocaInst *a = b_.CreateAlloca(ArrayType::get(i8_, nir_->scratch_size));
      a->setAlignment(Align(16));
      scratch_ = a;
   }
   b_.CreateBr(bbs_[nir_start_block(impl)]);

   nir_foreach_block(blk, impl)
   {
      if (!block(blk))
         break;
   }
   if (error_.empty())
      finish_phis();

   /* The lane ends by jumping to address 0 (docs/isa.md §2). As a noreturn function
    * the shader saves no callee-saved registers. */
   b_.SetInsertPoint(exit);
   asm_call(Type::getVoidTy(ctx_), {}, "jr zero", "", true, false);
   b_.CreateUnreachable();

   if (!error_.empty()) {
      *error = error_;
      return nullptr;
   }
   return std::move(module_);
}

bool
Translator::block(nir_block *blk)
{
   b_.SetInsertPoint(bbs_[blk]);
   nir_foreach_instr(ins, blk)
   {
      if (!instr(ins))
         return false;
   }
   ends_[blk] = b_.GetInsertBlock();

   nir_if *following_if = nir_block_ends_in_jump(blk) ? NULL : nir_block_get_following_if(blk);
   if (following_if) {
      Value *cond = is_true(get(following_if->condition, 0));
      b_.CreateCondBr(cond, bbs_[blk->successors[0]], bbs_[blk->successors[1]]);
   } else {
      b_.CreateBr(bbs_[blk->successors[0]]);
   }
   return true;
}

bool
Translator::instr(nir_instr *ins)
{
   switch (ins->type) {
   case nir_instr_type_alu:
      return alu(nir_instr_as_alu(ins));
   case nir_instr_type_intrinsic:
      return intrinsic(nir_instr_as_intrinsic(ins));
   case nir_instr_type_tex:
      return tex(nir_instr_as_tex(ins));
   case nir_instr_type_phi:
      return phi(nir_instr_as_phi(ins));
   case nir_instr_type_jump:
      return true; /* the block's successor carries it */
   case nir_instr_type_load_const: {
      nir_load_const_instr *lc = nir_instr_as_load_const(ins);
      const unsigned bits = lc->def.bit_size;
      for (unsigned c = 0; c < lc->def.num_components; c++)
         set(&lc->def, c,
             bits == 64 ? b_.getInt64(lc->value[c].u64)
                        : b_.getInt32((uint32_t)nir_const_value_as_uint(lc->value[c], bits)));
      return true;
   }
   case nir_instr_type_undef: {
      nir_undef_instr *u = nir_instr_as_undef(ins);
      for (unsigned c = 0; c < u->def.num_components; c++)
         set(&u->def, c, u->def.bit_size == 64 ? b_.getInt64(0) : b_.getInt32(0));
      return true;
   }
   default:
      return fail("unsupported NIR instruction type " + std::to_string(ins->type));
   }
}

bool
Translator::phi(nir_phi_instr *p)
{
   PendingPhi pending = {p, {}};
   for (unsigned c = 0; c < p->def.num_components; c++) {
      Type *type = p->def.bit_size == 64 ? Type::getInt64Ty(ctx_) : i32_;
      nir_foreach_phi_src(src, p)
      {
         if (src->src.ssa->index < defs_.size() && defs_[src->src.ssa->index][c]) {
            type = defs_[src->src.ssa->index][c]->getType();
            break;
         }
      }
      pending.node[c] = b_.CreatePHI(type, 2);
      set(&p->def, c, pending.node[c]);
   }
   phis_.push_back(pending);
   return true;
}

bool
Translator::finish_phis()
{
   for (PendingPhi &pending : phis_) {
      nir_foreach_phi_src(src, pending.phi)
      {
         BasicBlock *pred = ends_[src->pred];
         if (!pred)
            return fail("phi source from a block never translated");
         for (unsigned c = 0; c < pending.phi->def.num_components; c++) {
            PHINode *node = pending.node[c];
            Value *v = defs_[src->src.ssa->index][c];
            if (!v)
               v = Constant::getNullValue(node->getType());
            if (v->getType() != node->getType()) {
               b_.SetInsertPoint(pred->getTerminator());
               v = b_.CreateBitCast(v, node->getType());
            }
            node->addIncoming(v, pred);
         }
      }
   }
   return true;
}

bool
Translator::alu(nir_alu_instr *a)
{
   const nir_op_info &info = nir_op_infos[a->op];
   /* Narrow values reach the ALU only through integer conversions and moves
    * (lsgpu_nir_lower_bit_sizes widens every other operation). */
   const bool narrow_ok = nir_op_is_vec_or_mov(a->op) || a->op == nir_op_u2u8 ||
                          a->op == nir_op_u2u16 || a->op == nir_op_i2i8 || a->op == nir_op_i2i16 ||
                          a->op == nir_op_b2i8 || a->op == nir_op_b2i16 ||
                          a->op == nir_op_unpack_32_2x16_split_x ||
                          a->op == nir_op_unpack_32_2x16_split_y;
   /* 64-bit values (OpenCL's long, after nir_lower_int64) are LLVM i64s that only
    * moves, vectors, memory and the 2x32 packing ops see. */
   const bool wide_ok = nir_op_is_vec_or_mov(a->op) || a->op == nir_op_pack_64_2x32_split;
   /* Packing 16- and 8-bit parts into 32 bits and back (OpenCL's upsample, bswap). */
   if (a->op == nir_op_pack_32_2x16 || a->op == nir_op_pack_32_4x8) {
      const unsigned parts = a->op == nir_op_pack_32_2x16 ? 2 : 4, bits = 32 / parts;
      Value *v = b_.getInt32(0);
      for (unsigned k = 0; k < parts; k++) {
         Value *part = b_.CreateAnd(as_i(get(a->src[0].src, a->src[0].swizzle[k])),
                                    (uint32_t)((1u << bits) - 1));
         v = b_.CreateOr(v, b_.CreateShl(part, bits * k));
      }
      set(&a->def, 0, v);
      return true;
   }
   if (a->op == nir_op_unpack_32_2x16 || a->op == nir_op_unpack_32_4x8) {
      const unsigned parts = a->op == nir_op_unpack_32_2x16 ? 2 : 4, bits = 32 / parts;
      Value *v = as_i(get(a->src[0].src, a->src[0].swizzle[0]));
      for (unsigned k = 0; k < parts; k++)
         set(&a->def, k, b_.CreateLShr(v, bits * k)); /* upper bits undefined */
      return true;
   }
   if (a->op == nir_op_pack_64_2x32 || a->op == nir_op_unpack_64_2x32) {
      Value *v = get(a->src[0].src, a->src[0].swizzle[0]);
      if (a->op == nir_op_unpack_64_2x32) {
         set(&a->def, 0, b_.CreateTrunc(v, i32_));
         set(&a->def, 1, b_.CreateTrunc(b_.CreateLShr(v, 32), i32_));
         return true;
      }
      Value *hi = as_i(get(a->src[0].src, a->src[0].swizzle[1]));
      set(&a->def, 0, pack64(as_i(v), hi));
      return true;
   }
   if (a->def.bit_size != 32 && a->def.bit_size != 1 &&
       !((a->def.bit_size == 8 || a->def.bit_size == 16) && narrow_ok) &&
       !(a->def.bit_size == 64 && wide_ok))
      return fail(std::string(nir_op_infos[a->op].name) + " on " + std::to_string(a->def.bit_size) +
                  "-bit values");
   if (nir_op_is_vec(a->op)) {
      for (unsigned c = 0; c < a->def.num_components; c++)
         set(&a->def, c, get(a->src[c].src, a->src[c].swizzle[0]));
      return true;
   }
   if (info.output_size != 0)
      return fail(std::string("horizontal ALU op ") + info.name);
   for (unsigned c = 0; c < a->def.num_components; c++) {
      Value *v = alu_scalar(a, c);
      if (!v)
         return false;
      if (a->def.bit_size == 1)
         v = as_i(v);
      set(&a->def, c, v);
   }
   return true;
}

Value *
Translator::alu_scalar(nir_alu_instr *a, unsigned c)
{
   auto src = [&](unsigned i) { return get(a->src[i].src, a->src[i].swizzle[c]); };
   auto F = [&](unsigned i) { return as_f(src(i)); };
   auto I = [&](unsigned i) { return as_i(src(i)); };
   auto intrin1 = [&](Intrinsic::ID id, Value *x) { return b_.CreateUnaryIntrinsic(id, x); };
   auto intrin2 = [&](Intrinsic::ID id, Value *x, Value *y) {
      return b_.CreateBinaryIntrinsic(id, x, y);
   };
   const bool conversion = a->op == nir_op_u2u32 || a->op == nir_op_i2i32 || a->op == nir_op_u2u8 ||
                           a->op == nir_op_u2u16 || a->op == nir_op_i2i8 || a->op == nir_op_i2i16 ||
                           a->op == nir_op_mov || a->op == nir_op_pack_32_2x16_split ||
                           a->op == nir_op_f2f32;
   const bool unpack64 = a->op == nir_op_unpack_64_2x32_split_x ||
                         a->op == nir_op_unpack_64_2x32_split_y || a->op == nir_op_mov;
   for (unsigned i = 0; i < nir_op_infos[a->op].num_inputs; i++) {
      const unsigned bits = nir_src_bit_size(a->src[i].src);
      if (bits != 32 && bits != 1 && !(conversion && (bits == 8 || bits == 16)) &&
          !(unpack64 && bits == 64)) {
         fail(std::string(nir_op_infos[a->op].name) + " with a " + std::to_string(bits) +
              "-bit source");
         return nullptr;
      }
   }

   switch (a->op) {
   case nir_op_mov:
      return src(0);
   case nir_op_fneg:
      return b_.CreateFNeg(F(0));
   case nir_op_fabs:
      return intrin1(Intrinsic::fabs, F(0));
   case nir_op_fadd:
      return b_.CreateFAdd(F(0), F(1));
   case nir_op_fsub:
      return b_.CreateFSub(F(0), F(1));
   case nir_op_fmul:
      return b_.CreateFMul(F(0), F(1));
   case nir_op_fdiv:
      return b_.CreateFDiv(F(0), F(1));
   case nir_op_ffma:
      return b_.CreateIntrinsic(Intrinsic::fma, {f32_}, {F(0), F(1), F(2)});
   case nir_op_fmin:
      return intrin2(Intrinsic::minnum, F(0), F(1));
   case nir_op_fmax:
      return intrin2(Intrinsic::maxnum, F(0), F(1));
   case nir_op_fsat:
      return intrin2(Intrinsic::minnum,
                     intrin2(Intrinsic::maxnum, F(0), ConstantFP::get(f32_, 0.0)),
                     ConstantFP::get(f32_, 1.0));
   case nir_op_fsqrt:
      return intrin1(Intrinsic::sqrt, F(0));
   case nir_op_frcp:
      return xfunary(LSGPU_XOP_RCP, F(0));
   case nir_op_frsq:
      return xfunary(LSGPU_XOP_RSQRT, F(0));
   case nir_op_fexp2:
      return xfunary(LSGPU_XOP_EXP2, F(0));
   case nir_op_flog2:
      return xfunary(LSGPU_XOP_LOG2, F(0));
   case nir_op_fsin:
      return xfunary(LSGPU_XOP_SIN, F(0));
   case nir_op_fcos:
      return xfunary(LSGPU_XOP_COS, F(0));
   case nir_op_ffloor:
      return xfunary(LSGPU_XOP_FLOOR, F(0));
   case nir_op_fceil:
      return xfunary(LSGPU_XOP_CEIL, F(0));
   case nir_op_ftrunc:
      return xfunary(LSGPU_XOP_TRUNC, F(0));
   case nir_op_fround_even:
      return xfunary(LSGPU_XOP_ROUNDEVEN, F(0));
   case nir_op_ffract:
      return xfunary(LSGPU_XOP_FRACT, F(0));

   /* NIR's float comparisons: flt/fge/feq ordered, fneu unordered. */
   case nir_op_flt32:
      return bool32(b_.CreateFCmpOLT(F(0), F(1)));
   case nir_op_fge32:
      return bool32(b_.CreateFCmpOGE(F(0), F(1)));
   case nir_op_feq32:
      return bool32(b_.CreateFCmpOEQ(F(0), F(1)));
   case nir_op_fneu32:
      return bool32(b_.CreateFCmpUNE(F(0), F(1)));
   case nir_op_ilt32:
      return bool32(b_.CreateICmpSLT(I(0), I(1)));
   case nir_op_ige32:
      return bool32(b_.CreateICmpSGE(I(0), I(1)));
   case nir_op_ult32:
      return bool32(b_.CreateICmpULT(I(0), I(1)));
   case nir_op_uge32:
      return bool32(b_.CreateICmpUGE(I(0), I(1)));
   case nir_op_ieq32:
      return bool32(b_.CreateICmpEQ(I(0), I(1)));
   case nir_op_ine32:
      return bool32(b_.CreateICmpNE(I(0), I(1)));
   case nir_op_b32csel: {
      Value *x = src(1), *y = src(2);
      if (x->getType() != y->getType()) {
         x = as_i(x);
         y = as_i(y);
      }
      return b_.CreateSelect(is_true(src(0)), x, y);
   }

   case nir_op_iadd:
      return b_.CreateAdd(I(0), I(1));
   case nir_op_isub:
      return b_.CreateSub(I(0), I(1));
   case nir_op_imul:
      return b_.CreateMul(I(0), I(1));
   case nir_op_ineg:
      return b_.CreateNeg(I(0));
   case nir_op_iabs:
      return b_.CreateBinaryIntrinsic(Intrinsic::abs, I(0), b_.getFalse());
   case nir_op_imin:
      return intrin2(Intrinsic::smin, I(0), I(1));
   case nir_op_imax:
      return intrin2(Intrinsic::smax, I(0), I(1));
   case nir_op_umin:
      return intrin2(Intrinsic::umin, I(0), I(1));
   case nir_op_umax:
      return intrin2(Intrinsic::umax, I(0), I(1));
   /* NIR shifts use the low 5 bits of the count; LLVM's are poison beyond 31. */
   case nir_op_ishl:
      return b_.CreateShl(I(0), b_.CreateAnd(I(1), 31));
   case nir_op_ishr:
      return b_.CreateAShr(I(0), b_.CreateAnd(I(1), 31));
   case nir_op_ushr:
      return b_.CreateLShr(I(0), b_.CreateAnd(I(1), 31));
   case nir_op_iand:
      return b_.CreateAnd(I(0), I(1));
   case nir_op_ior:
      return b_.CreateOr(I(0), I(1));
   case nir_op_ixor:
      return b_.CreateXor(I(0), I(1));
   case nir_op_inot:
      return b_.CreateNot(I(0));
   case nir_op_idiv:
      return div_asm(Instruction::SDiv, "div", I(0), I(1));
   case nir_op_udiv:
      return div_asm(Instruction::UDiv, "divu", I(0), I(1));
   case nir_op_irem:
      return div_asm(Instruction::SRem, "rem", I(0), I(1));
   case nir_op_umod:
      return div_asm(Instruction::URem, "remu", I(0), I(1));
   case nir_op_imod: {
      /* GLSL/NIR imod takes the divisor's sign; RV32M rem the dividend's. */
      Value *y = I(1);
      Value *r = div_asm(Instruction::SRem, "rem", I(0), y);
      Value *fix = b_.CreateAnd(b_.CreateICmpNE(r, b_.getInt32(0)),
                                b_.CreateICmpSLT(b_.CreateXor(r, y), b_.getInt32(0)));
      return b_.CreateSelect(fix, b_.CreateAdd(r, y), r);
   }
   case nir_op_umul_high:
      return b_.CreateTrunc(
         b_.CreateLShr(b_.CreateMul(b_.CreateZExt(I(0), i64_), b_.CreateZExt(I(1), i64_)), 32),
         i32_);
   case nir_op_imul_high:
      return b_.CreateTrunc(
         b_.CreateLShr(b_.CreateMul(b_.CreateSExt(I(0), i64_), b_.CreateSExt(I(1), i64_)), 32),
         i32_);
   case nir_op_ufind_msb:
      return b_.CreateSub(b_.getInt32(31),
                          b_.CreateBinaryIntrinsic(Intrinsic::ctlz, I(0), b_.getFalse()));
   case nir_op_uclz:
      return b_.CreateBinaryIntrinsic(Intrinsic::ctlz, I(0), b_.getFalse());
   case nir_op_bit_count: /* RV32 has no cpop: LLVM expands it to the SWAR sequence */
      return b_.CreateUnaryIntrinsic(Intrinsic::ctpop, I(0));

   /* RISC-V's fcvt saturates and maps NaN to the largest value, as fptosi.sat does
    * except for NaN (0): both are fine for GLSL, where such conversions are undefined. */
   case nir_op_f2i32:
      return b_.CreateIntrinsic(Intrinsic::fptosi_sat, {i32_, f32_}, {F(0)});
   case nir_op_f2u32:
      return b_.CreateIntrinsic(Intrinsic::fptoui_sat, {i32_, f32_}, {F(0)});
   case nir_op_i2f32:
      return b_.CreateSIToFP(I(0), f32_);
   case nir_op_u2f32:
      return b_.CreateUIToFP(I(0), f32_);
   case nir_op_b2f32:
      return b_.CreateSelect(is_true(src(0)), ConstantFP::get(f32_, 1.0),
                             ConstantFP::get(f32_, 0.0));
   case nir_op_b2i32:
   case nir_op_b2i8:
   case nir_op_b2i16:
      return b_.CreateAnd(I(0), 1);
   case nir_op_u2u32:
   case nir_op_i2i32:
   case nir_op_u2u16:
   case nir_op_i2i16: {
      /* From fewer bits: zero- or sign-extend the meaningful low bits (a 16-bit result
       * from 8 bits needs its upper byte; bits above 16 may stay undefined). */
      const unsigned bits = nir_src_bit_size(a->src[0].src);
      if (bits >= a->def.bit_size)
         return src(0);
      if (a->op == nir_op_u2u32 || a->op == nir_op_u2u16)
         return b_.CreateAnd(I(0), (uint32_t)((1u << bits) - 1));
      return b_.CreateAShr(b_.CreateShl(I(0), 32 - bits), 32 - bits);
   }
   case nir_op_pack_64_2x32_split:
      return pack64(I(0), I(1));
   case nir_op_pack_32_2x16_split:
      return b_.CreateOr(b_.CreateAnd(I(0), 0xffff), b_.CreateShl(I(1), 16));
   case nir_op_unpack_32_2x16_split_x:
      return I(0);
   case nir_op_unpack_32_2x16_split_y:
      return b_.CreateLShr(I(0), 16);
   case nir_op_unpack_64_2x32_split_x:
      return b_.CreateTrunc(src(0), i32_);
   case nir_op_unpack_64_2x32_split_y:
      return b_.CreateTrunc(b_.CreateLShr(src(0), 32), i32_);
   case nir_op_u2u8:
   case nir_op_i2i8: /* truncation: the upper bits become undefined */
      return src(0);
   case nir_op_f2f32:
      if (nir_src_bit_size(a->src[0].src) == 16)
         return half_to_float(I(0));
      return src(0);
   case nir_op_fisfinite32: {
      Value *abs = as_i(intrin1(Intrinsic::fabs, F(0)));
      return bool32(b_.CreateICmpULT(abs, b_.getInt32(0x7f800000)));
   }
   default:
      fail(std::string("unsupported ALU op ") + nir_op_infos[a->op].name);
      return nullptr;
   }
}

/* Framebuffer fetch (docs/isa.md §3.5): the colour render target the output's location
 * names holds at this pixel, by lsgpu.fbld; an indirect index into gl_LastFragData[]
 * adds to the target. Integer targets give integer bits, as lsgpu.txf does. */
bool
Translator::framebuffer_load(nir_intrinsic_instr *intr)
{
   const nir_io_semantics sem = nir_intrinsic_io_semantics(intr);
   const unsigned first = sem.location >= FRAG_RESULT_DATA0 ? sem.location - FRAG_RESULT_DATA0 : 0;
   if (sem.location != FRAG_RESULT_COLOR && sem.location < FRAG_RESULT_DATA0)
      return fail("framebuffer fetch of depth or stencil");
   Value *rt = b_.CreateAdd(geti(intr->src[0], 0), b_.getInt32(first));
   StructType *ret = StructType::get(ctx_, {f32_, f32_, f32_, f32_});
   Value *res = asm_call(ret, {rt}, insn(LSGPU_XOP_FBLD, 0, "", "$4", ""),
                         "={f28},={f29},={f30},={f31},r", false, false);
   const nir_alu_type base = nir_alu_type_get_base_type(nir_intrinsic_dest_type(intr));
   const unsigned comp = nir_intrinsic_component(intr);
   for (unsigned c = 0; c < intr->def.num_components && comp + c < 4; c++) {
      Value *v = b_.CreateExtractValue(res, comp + c);
      if (base == nir_type_uint || base == nir_type_int)
         v = as_i(v);
      set(&intr->def, c, v);
   }
   return true;
}

bool
Translator::io(nir_intrinsic_instr *intr)
{
   if (intr->intrinsic == nir_intrinsic_load_output && nir_->info.stage == MESA_SHADER_FRAGMENT &&
       nir_intrinsic_io_semantics(intr).fb_fetch_output)
      return framebuffer_load(intr);
   const bool is_store = intr->intrinsic == nir_intrinsic_store_output;
   const bool interpolated = intr->intrinsic == nir_intrinsic_load_interpolated_input;
   const bool output = is_store || intr->intrinsic == nir_intrinsic_load_output;
   const nir_src &offset_src = intr->src[is_store || interpolated ? 1 : 0];
   if (nir_src_bit_size(offset_src) != 32 ||
       (is_store ? nir_src_bit_size(intr->src[0]) : intr->def.bit_size) != 32)
      return fail("non-32-bit shader I/O");
   /* Slots of one array are consecutive (lsgpu_nir_assign_io_slots), so an indirect
    * index is a byte offset. */
   const unsigned base =
      nir_intrinsic_base(intr) * LSGPU_IO_SLOT_BYTES + nir_intrinsic_component(intr) * 4;
   Value *offset = b_.CreateAdd(b_.CreateShl(geti(offset_src, 0), 4), b_.getInt32(base));
   Value *block = output ? args_[ARG_OUT] : args_[ARG_IN];
   if (is_store) {
      const unsigned mask = nir_intrinsic_write_mask(intr);
      for (unsigned c = 0; c < intr->src[0].ssa->num_components; c++) {
         if (mask & (1u << c))
            store32(get(intr->src[0], c), block, b_.CreateAdd(offset, b_.getInt32(4 * c)));
      }
      return true;
   }
   for (unsigned c = 0; c < intr->def.num_components; c++)
      set(&intr->def, c, load32(block, b_.CreateAdd(offset, b_.getInt32(4 * c)), !output));
   return true;
}

static AtomicRMWInst::BinOp
rmw_op(nir_atomic_op op, bool *ok)
{
   *ok = true;
   switch (op) {
   case nir_atomic_op_iadd:
      return AtomicRMWInst::Add;
   case nir_atomic_op_imin:
      return AtomicRMWInst::Min;
   case nir_atomic_op_umin:
      return AtomicRMWInst::UMin;
   case nir_atomic_op_imax:
      return AtomicRMWInst::Max;
   case nir_atomic_op_umax:
      return AtomicRMWInst::UMax;
   case nir_atomic_op_iand:
      return AtomicRMWInst::And;
   case nir_atomic_op_ior:
      return AtomicRMWInst::Or;
   case nir_atomic_op_ixor:
      return AtomicRMWInst::Xor;
   case nir_atomic_op_xchg:
      return AtomicRMWInst::Xchg;
   default:
      *ok = false;
      return AtomicRMWInst::Add;
   }
}

/* Shared (a4 + offset), storage buffers (entry n of the buffer table holds buffer n's
 * address and size, docs/isa.md §4; accesses outside it go to the robustness sink),
 * global (32-bit addresses) and scratch (the lane's stack frame). */
bool
Translator::memory(nir_intrinsic_instr *intr)
{
   Value *base = nullptr, *buffer_size = nullptr;
   unsigned addr_src = 0, data_src = 0;
   bool load = false, store = false, swap = false;
   unsigned const_offset = 0;
   switch (intr->intrinsic) {
   case nir_intrinsic_load_shared:
      load = true;
      addr_src = 0;
      break;
   case nir_intrinsic_store_shared:
      store = true;
      data_src = 0;
      addr_src = 1;
      break;
   case nir_intrinsic_shared_atomic:
      addr_src = 0;
      data_src = 1;
      break;
   case nir_intrinsic_shared_atomic_swap:
      swap = true;
      addr_src = 0;
      data_src = 1;
      break;
   case nir_intrinsic_load_ssbo:
      load = true;
      addr_src = 1;
      break;
   case nir_intrinsic_store_ssbo:
      store = true;
      data_src = 0;
      addr_src = 2;
      break;
   case nir_intrinsic_ssbo_atomic:
      addr_src = 1;
      data_src = 2;
      break;
   case nir_intrinsic_ssbo_atomic_swap:
      swap = true;
      addr_src = 1;
      data_src = 2;
      break;
   case nir_intrinsic_load_global:
   case nir_intrinsic_load_global_constant:
      load = true;
      addr_src = 0;
      break;
   case nir_intrinsic_store_global:
      store = true;
      data_src = 0;
      addr_src = 1;
      break;
   case nir_intrinsic_global_atomic:
      addr_src = 0;
      data_src = 1;
      break;
   case nir_intrinsic_global_atomic_swap:
      swap = true;
      addr_src = 0;
      data_src = 1;
      break;
   case nir_intrinsic_load_scratch:
      load = true;
      addr_src = 0;
      break;
   case nir_intrinsic_store_scratch:
      store = true;
      data_src = 0;
      addr_src = 1;
      break;
   default:
      return fail(std::string("unsupported memory intrinsic ") +
                  nir_intrinsic_infos[intr->intrinsic].name);
   }
   switch (intr->intrinsic) {
   case nir_intrinsic_load_shared:
   case nir_intrinsic_store_shared:
   case nir_intrinsic_shared_atomic:
   case nir_intrinsic_shared_atomic_swap:
      base = args_[ARG_SHARED];
      const_offset = nir_intrinsic_base(intr);
      break;
   case nir_intrinsic_load_ssbo:
   case nir_intrinsic_store_ssbo:
   case nir_intrinsic_ssbo_atomic:
   case nir_intrinsic_ssbo_atomic_swap: {
      const unsigned index_src = intr->intrinsic == nir_intrinsic_store_ssbo ? 1 : 0;
      Value *index = geti(intr->src[index_src], 0);
      base = buffer_entry(index, 0); /* an i32 address until bounded below */
      buffer_size = buffer_entry(index, 1);
      break;
   }
   case nir_intrinsic_load_scratch:
   case nir_intrinsic_store_scratch:
      if (!scratch_)
         return fail("scratch access without scratch memory");
      base = scratch_;
      break;
   default:
      base = nullptr; /* global: the address itself */
      break;
   }
   Value *offset = b_.CreateAdd(geti(intr->src[addr_src], 0), b_.getInt32(const_offset));
   if (buffer_size) {
      /* The whole access inside the buffer, or all of it in the sink. */
      const unsigned bits = load ? intr->def.bit_size : nir_src_bit_size(intr->src[data_src]);
      const unsigned components = load    ? intr->def.num_components
                                  : store ? intr->src[data_src].ssa->num_components
                                          : 1;
      offset = robust_address(base, buffer_size, offset, components * bits / 8);
      base = nullptr;
   }

   if (load) {
      const unsigned bits = intr->def.bit_size;
      if (bits != 32 && bits != 16 && bits != 8 && bits != 64)
         return fail("memory load of " + std::to_string(bits) + "-bit values");
      for (unsigned c = 0; c < intr->def.num_components; c++)
         set(&intr->def, c,
             load_narrow(base, b_.CreateAdd(offset, b_.getInt32(bits / 8 * c)), bits));
      return true;
   }
   if (store) {
      const unsigned mask =
         nir_intrinsic_has_write_mask(intr) ? nir_intrinsic_write_mask(intr) : 0xffff;
      const unsigned bits = nir_src_bit_size(intr->src[data_src]);
      if (bits != 32 && bits != 16 && bits != 8 && bits != 64)
         return fail("memory store of " + std::to_string(bits) + "-bit values");
      for (unsigned c = 0; c < intr->src[data_src].ssa->num_components; c++) {
         if (mask & (1u << c))
            store_narrow(get(intr->src[data_src], c), base,
                         b_.CreateAdd(offset, b_.getInt32(bits / 8 * c)), bits);
      }
      return true;
   }
   Value *r = atomic(intr, byte_ptr(base, offset), data_src, swap);
   if (!r)
      return false;
   set(&intr->def, 0, r);
   return true;
}

/* A 32-bit AMO (RV32A) at p with the intrinsic's operation and data; nullptr (and
 * the reason) for an operation the A extension lacks. */
Value *
Translator::atomic(nir_intrinsic_instr *intr, Value *p, unsigned data_src, bool swap)
{
   if (swap) {
      if (nir_intrinsic_atomic_op(intr) != nir_atomic_op_cmpxchg) {
         fail("float compare-and-swap");
         return nullptr;
      }
      Value *cmp = geti(intr->src[data_src], 0);
      Value *val = geti(intr->src[data_src + 1], 0);
      Value *r = b_.CreateAtomicCmpXchg(p, cmp, val, MaybeAlign(4), AtomicOrdering::Monotonic,
                                        AtomicOrdering::Monotonic);
      return b_.CreateExtractValue(r, 0);
   }
   bool ok;
   AtomicRMWInst::BinOp op = rmw_op(nir_intrinsic_atomic_op(intr), &ok);
   if (!ok) {
      fail("atomic operation LSGPU-1 does not have (float or wrapping)");
      return nullptr;
   }
   return b_.CreateAtomicRMW(op, p, geti(intr->src[data_src], 0), MaybeAlign(4),
                             AtomicOrdering::Monotonic);
}

bool
Translator::derivative(nir_intrinsic_instr *intr, lsgpu_xop op)
{
   if (intr->def.bit_size != 32)
      return fail("derivative of non-32-bit values");
   for (unsigned c = 0; c < intr->def.num_components; c++)
      set(&intr->def, c, xquad(op, get(intr->src[0], c)));
   return true;
}

bool
Translator::intrinsic(nir_intrinsic_instr *intr)
{
   auto sysval_bool = [&](unsigned index) {
      set(&intr->def, 0, bool32(b_.CreateICmpNE(xsysval(index), b_.getInt32(0))));
      return true;
   };
   auto sysval_vec = [&](unsigned first) {
      for (unsigned c = 0; c < intr->def.num_components; c++)
         set(&intr->def, c, xsysval(first + c));
      return true;
   };
   switch (intr->intrinsic) {
   case nir_intrinsic_load_input:
   case nir_intrinsic_load_output:
   case nir_intrinsic_load_interpolated_input:
   case nir_intrinsic_store_output:
      return io(intr);
   case nir_intrinsic_load_barycentric_pixel:
   case nir_intrinsic_load_barycentric_centroid:
   case nir_intrinsic_load_barycentric_sample:
      /* The interpolator delivers inputs already interpolated as the binary's
       * metadata asks (docs/isa.md §4); the barycentrics carry no value. */
      for (unsigned c = 0; c < intr->def.num_components; c++)
         set(&intr->def, c, b_.getInt32(0));
      return true;
   case nir_intrinsic_load_frag_coord:
   case nir_intrinsic_load_point_coord:
      for (unsigned c = 0; c < intr->def.num_components; c++)
         set(
            &intr->def, c,
            load32(args_[ARG_IN],
                   b_.getInt32((intr->intrinsic == nir_intrinsic_load_frag_coord ? 0 : 16) + 4 * c),
                   true));
      return true;
   case nir_intrinsic_load_ubo:
   case nir_intrinsic_load_ubo_vec4: {
      /* Block 0 (the default uniforms) is a2, as large as the shader declares it;
       * block n ≥ 1 is entry BUFFER_TABLE_UBO_BASE + n - 1 of the buffer table, with
       * its size (docs/isa.md §4). An access outside its block reads the robustness
       * sink's zeros. */
      const bool block0 = nir_src_is_const(intr->src[0]) && nir_src_as_uint(intr->src[0]) == 0;
      Value *block = args_[ARG_CONST], *address = nullptr, *size = nullptr;
      if (block0) {
         if (!nir_src_is_const(intr->src[1]) && default_block_size_) {
            address = b_.CreatePtrToInt(block, i32_);
            size = b_.getInt32(default_block_size_);
         }
      } else {
         Value *index = geti(intr->src[0], 0);
         Value *entry = b_.CreateAdd(index, b_.getInt32(LSGPU_BUFFER_TABLE_UBO_BASE - 1));
         address = buffer_entry(entry, 0);
         size = buffer_entry(entry, 1);
         if (!nir_src_is_const(intr->src[0])) {
            Value *zero = b_.CreateICmpEQ(index, b_.getInt32(0));
            address = b_.CreateSelect(zero, b_.CreatePtrToInt(args_[ARG_CONST], i32_), address);
            size = b_.CreateSelect(
               zero, b_.getInt32(default_block_size_ ? default_block_size_ : UINT32_MAX), size);
         }
      }
      const unsigned bits = intr->def.bit_size;
      if (bits != 32 && bits != 16 && bits != 8 && bits != 64)
         return fail(std::to_string(bits) + "-bit uniform");
      /* load_ubo_vec4 (st/mesa's unpacked uniforms) addresses vec4 slots: base + the
       * offset source, then a component. */
      Value *offset = geti(intr->src[1], 0);
      if (intr->intrinsic == nir_intrinsic_load_ubo_vec4)
         offset = b_.CreateAdd(
            b_.CreateShl(b_.CreateAdd(offset, b_.getInt32(nir_intrinsic_base(intr))), 4),
            b_.getInt32(4 * nir_intrinsic_component(intr)));
      if (size) {
         offset = robust_address(address, size, offset, intr->def.num_components * bits / 8);
         block = nullptr;
      }
      for (unsigned c = 0; c < intr->def.num_components; c++)
         set(&intr->def, c,
             load_narrow(block, b_.CreateAdd(offset, b_.getInt32(bits / 8 * c)), bits, true));
      return true;
   }
   case nir_intrinsic_load_front_face:
      return sysval_bool(LSGPU_SYSVAL_FRONT_FACING);
   case nir_intrinsic_load_helper_invocation:
   case nir_intrinsic_is_helper_invocation:
      return sysval_bool(LSGPU_SYSVAL_HELPER);
   case nir_intrinsic_load_vertex_id:
      return sysval_vec(LSGPU_SYSVAL_VERTEX_ID);
   case nir_intrinsic_load_instance_id:
      return sysval_vec(LSGPU_SYSVAL_INSTANCE_ID);
   case nir_intrinsic_load_local_invocation_id:
      return sysval_vec(LSGPU_SYSVAL_LOCAL_ID_X);
   case nir_intrinsic_load_local_invocation_index:
      return sysval_vec(LSGPU_SYSVAL_LOCAL_INDEX);
   case nir_intrinsic_load_workgroup_id:
      return sysval_vec(LSGPU_SYSVAL_WORKGROUP_ID_X);
   case nir_intrinsic_load_num_workgroups:
      return sysval_vec(LSGPU_SYSVAL_NUM_WORKGROUPS_X);
   case nir_intrinsic_load_subgroup_invocation:
      return sysval_vec(LSGPU_SYSVAL_LANE);
   case nir_intrinsic_load_workgroup_size:
      /* OpenCL kernels get their size at dispatch; GL's is in the shader. */
      if (nir_->info.workgroup_size_variable)
         return sysval_vec(LSGPU_SYSVAL_LOCAL_SIZE_X);
      for (unsigned c = 0; c < intr->def.num_components; c++)
         set(&intr->def, c, b_.getInt32(nir_->info.workgroup_size[c]));
      return true;
   case nir_intrinsic_ddx:
   case nir_intrinsic_ddx_fine:
      return derivative(intr, LSGPU_XOP_DDX_FINE);
   case nir_intrinsic_ddy:
   case nir_intrinsic_ddy_fine:
      return derivative(intr, LSGPU_XOP_DDY_FINE);
   case nir_intrinsic_ddx_coarse:
      return derivative(intr, LSGPU_XOP_DDX_COARSE);
   case nir_intrinsic_ddy_coarse:
      return derivative(intr, LSGPU_XOP_DDY_COARSE);
   case nir_intrinsic_demote:
      xcontrol(LSGPU_XOP_DEMOTE, false);
      return true;
   case nir_intrinsic_terminate:
      /* Outputs already written by the lane must not be seen after it ends. */
      xcontrol(LSGPU_XOP_TERMINATE, true);
      return true;
   case nir_intrinsic_image_load:
   case nir_intrinsic_image_store:
   case nir_intrinsic_image_size:
   case nir_intrinsic_image_atomic:
   case nir_intrinsic_image_atomic_swap:
      return image(intr);
   case nir_intrinsic_barrier:
      if (nir_intrinsic_execution_scope(intr) >= SCOPE_WORKGROUP)
         xcontrol(LSGPU_XOP_BARRIER, true);
      else if (nir_intrinsic_memory_scope(intr) != SCOPE_NONE)
         asm_call(Type::getVoidTy(ctx_), {}, "", "~{memory}", true, false);
      return true;
   case nir_intrinsic_load_shared:
   case nir_intrinsic_store_shared:
   case nir_intrinsic_shared_atomic:
   case nir_intrinsic_shared_atomic_swap:
   case nir_intrinsic_load_ssbo:
   case nir_intrinsic_store_ssbo:
   case nir_intrinsic_ssbo_atomic:
   case nir_intrinsic_ssbo_atomic_swap:
   case nir_intrinsic_load_global:
   case nir_intrinsic_load_global_constant:
   case nir_intrinsic_store_global:
   case nir_intrinsic_global_atomic:
   case nir_intrinsic_global_atomic_swap:
   case nir_intrinsic_load_scratch:
   case nir_intrinsic_store_scratch:
      return memory(intr);
   default:
      return fail(std::string("unsupported intrinsic ") +
                  nir_intrinsic_infos[intr->intrinsic].name);
   }
}

/* lsgpu.txf (docs/isa.md §3.4): integer coordinates and level in f0..f2 and f4 as
 * bit patterns. Texture fetches are pure; image loads are ordered after the shader's
 * own image stores (side effects, memory clobber). */
Value *
Translator::texel_fetch(Value *unit, Value *coords[3], Value *level, bool ordered, Value *sample)
{
   std::vector<Value *> args = {unit};
   std::string constraints = "={f28},={f29},={f30},={f31},r";
   for (unsigned c = 0; c < 3; c++) {
      args.push_back(as_f(coords[c] ? coords[c] : b_.getInt32(0)));
      constraints += ",{f" + std::to_string(LSGPU_TEX_OPERAND_S + c) + "}";
   }
   if (sample) {
      /* The sample of a multisample texture (TEXTURE.log2_samples) travels in f3. */
      args.push_back(as_f(sample));
      constraints += ",{f" + std::to_string(LSGPU_TEX_OPERAND_REF) + "}";
   }
   args.push_back(as_f(level ? level : b_.getInt32(0)));
   constraints += ",{f" + std::to_string(LSGPU_TEX_OPERAND_LOD) + "}";
   if (ordered)
      constraints += ",~{memory}";
   StructType *ret = StructType::get(ctx_, {f32_, f32_, f32_, f32_});
   return asm_call(ret, args, insn(LSGPU_XOP_TXF, 0, "", "$4", ""), constraints, ordered, false);
}

/* The four results of lsgpu.tex or lsgpu.txf into def: floats, or the integer bits
 * the unit returns for integer formats and stencil (docs/isa.md §3.2). */
void
Translator::set_texel(nir_def *def, Value *res, nir_alu_type type)
{
   const nir_alu_type base = nir_alu_type_get_base_type(type);
   for (unsigned c = 0; c < def->num_components; c++) {
      Value *v = b_.CreateExtractValue(res, c);
      if (base == nir_type_uint || base == nir_type_int)
         v = as_i(v);
      set(def, c, v);
   }
}

/* Word `word` of the TEXTURE descriptor of a unit, from the table at a3. */
Value *
Translator::descriptor_word(Value *unit, unsigned word)
{
   Value *offset =
      b_.CreateAdd(b_.CreateMul(unit, b_.getInt32(LSGPU_TEX_ENTRY_BYTES)), b_.getInt32(4 * word));
   return load32(args_[ARG_DESC], offset, true);
}

/* textureSize / imageSize: width, height, depth minified to the level; the last
 * component of an array is its layer count (TEXTURE.depth), never minified. */
void
Translator::set_sizes(nir_def *def, Value *unit, bool array, Value *level)
{
   for (unsigned c = 0; c < def->num_components; c++) {
      const bool layers = array && c == def->num_components - 1;
      set(def, c, descriptor_size(unit, layers ? 2 : c, layers ? nullptr : level));
   }
}

/* Component c (width, height, depth or layers) of the TEXTURE descriptor of a unit,
 * read from the descriptor table (a3), minified to a level when one is given: sizes
 * need no instruction, the table is memory the shader may read (docs/isa.md §4). */
Value *
Translator::descriptor_size(Value *unit, unsigned c, Value *level)
{
   static const unsigned words[3] = {LSGPU_TEXTURE_WIDTH_WORD, LSGPU_TEXTURE_HEIGHT_WORD,
                                     LSGPU_TEXTURE_DEPTH_WORD};
   Value *size = descriptor_word(unit, words[c]);
   if (!level)
      return size;
   return b_.CreateBinaryIntrinsic(Intrinsic::umax, b_.CreateLShr(size, level), b_.getInt32(1));
}

/* txf, txs and query_levels: texel fetch, or sizes from the descriptor. */
bool
Translator::tex_fetch_or_size(nir_tex_instr *t, Value *unit)
{
   Value *coords[3] = {}, *lod = nullptr, *sample = nullptr;
   for (unsigned i = 0; i < t->num_srcs; i++) {
      const nir_src &s = t->src[i].src;
      switch (t->src[i].src_type) {
      case nir_tex_src_coord:
         for (unsigned c = 0; c < t->coord_components && c < 3; c++)
            coords[c] = geti(s, c);
         break;
      case nir_tex_src_lod:
         lod = geti(s, 0);
         break;
      case nir_tex_src_ms_index:
         sample = geti(s, 0);
         break;
      case nir_tex_src_texture_offset:
      case nir_tex_src_sampler_offset:
      case nir_tex_src_texture_handle:
         break;
      default:
         return fail("texture source " + std::to_string(t->src[i].src_type) + " on a fetch");
      }
   }
   if (t->op == nir_texop_txf || t->op == nir_texop_txf_ms) {
      set_texel(&t->def, texel_fetch(unit, coords, lod, false, sample), t->dest_type);
      return true;
   }
   if (t->op == nir_texop_query_levels) {
      set(&t->def, 0,
          b_.CreateAdd(descriptor_word(unit, LSGPU_TEXTURE_LAST_LEVEL_WORD), b_.getInt32(1)));
      return true;
   }
   /* txs: cube maps report their faces' size; 1D arrays keep their layers in depth. */
   set_sizes(&t->def, unit, t->is_array, lod);
   return true;
}

/* Storage images (docs/isa.md §3.4): image n is descriptor entry IMAGE_UNIT_BASE + n;
 * loads are texel fetches of level 0, stores lsgpu.imgst, sizes the descriptor's. */
bool
Translator::image(nir_intrinsic_instr *intr)
{
   const glsl_sampler_dim dim = nir_intrinsic_image_dim(intr);
   if (dim == GLSL_SAMPLER_DIM_MS)
      return fail("multisample images LSGPU-1 does not have");
   Value *unit = b_.CreateAdd(geti(intr->src[0], 0), b_.getInt32(LSGPU_IMAGE_UNIT_BASE));
   const bool array = nir_intrinsic_image_array(intr);
   const unsigned ncoords = glsl_get_sampler_dim_coordinate_components(dim) + (array ? 1 : 0);
   if (intr->intrinsic == nir_intrinsic_image_size) {
      set_sizes(&intr->def, unit, array, nullptr);
      return true;
   }
   Value *coords[3] = {};
   for (unsigned c = 0; c < ncoords && c < 3; c++)
      coords[c] = geti(intr->src[1], c);
   if (intr->intrinsic == nir_intrinsic_image_load) {
      set_texel(&intr->def, texel_fetch(unit, coords, nullptr, true),
                nir_intrinsic_dest_type(intr));
      return true;
   }
   if (intr->intrinsic == nir_intrinsic_image_atomic ||
       intr->intrinsic == nir_intrinsic_image_atomic_swap)
      return image_atomic(intr, unit, coords, dim, array);
   const nir_alu_type base = nir_alu_type_get_base_type(nir_intrinsic_src_type(intr));
   std::vector<Value *> args = {unit};
   std::string constraints = "r";
   for (unsigned c = 0; c < 3; c++) {
      args.push_back(as_f(coords[c] ? coords[c] : b_.getInt32(0)));
      constraints += ",{f" + std::to_string(LSGPU_TEX_OPERAND_S + c) + "}";
   }
   for (unsigned c = 0; c < 4; c++) {
      Value *v = c < nir_src_num_components(intr->src[3]) ? get(intr->src[3], c)
                 : c == 3                                 ? (Value *)ConstantFP::get(f32_, 1.0)
                                                          : (Value *)ConstantFP::get(f32_, 0.0);
      /* Integer data travels as integer bits; the unit saturates to the format. */
      if ((base == nir_type_uint || base == nir_type_int) && c == 3 &&
          c >= nir_src_num_components(intr->src[3]))
         v = b_.getInt32(1);
      args.push_back(as_f(v));
      constraints += ",{f" + std::to_string(LSGPU_TEX_RESULT_REG + c) + "}";
   }
   constraints += ",~{memory}";
   asm_call(Type::getVoidTy(ctx_), args, insn(LSGPU_XOP_IMGST, 0, "", "$0", ""), constraints, true,
            false);
   return true;
}

/* Image atomics, which GL allows on 32-bit texels (r32ui, r32i; exchange on r32f): an
 * AMO at the texel's address, computed from the TEXTURE descriptor and the layout the
 * hardware defines for it (rows of align(width * 4, 64) bytes, layers or slices
 * height rows apart; docs/command-stream-reference.md, TEXTURE). Outside level 0
 * nothing is touched and the result is 0, as for loads. */
bool
Translator::image_atomic(nir_intrinsic_instr *intr, Value *unit, Value *const coords[3],
                         glsl_sampler_dim dim, bool array)
{
   Value *zero = b_.getInt32(0);
   Value *x = coords[0] ? coords[0] : zero;
   Value *y = coords[1] ? coords[1] : zero;
   Value *z = coords[2] ? coords[2] : zero;
   Value *width = descriptor_word(unit, LSGPU_TEXTURE_WIDTH_WORD);
   Value *height = descriptor_word(unit, LSGPU_TEXTURE_HEIGHT_WORD);
   Value *depth = descriptor_word(unit, LSGPU_TEXTURE_DEPTH_WORD);
   /* A 1D array's layer is y (height 1, layers in depth); 2D arrays, cube faces and
    * 3D slices are z. */
   const bool layered_y = dim == GLSL_SAMPLER_DIM_1D && array;
   Value *inside = b_.CreateICmpULT(x, width);
   inside = b_.CreateAnd(inside, b_.CreateICmpULT(y, layered_y ? depth : height));
   inside = b_.CreateAnd(inside, b_.CreateICmpULT(z, layered_y ? b_.getInt32(1) : depth));
   Value *pitch =
      b_.CreateAnd(b_.CreateAdd(b_.CreateShl(width, 2), b_.getInt32(63)), b_.getInt32(~63u));
   Value *row = b_.CreateAdd(b_.CreateMul(z, height), y);
   Value *address = b_.CreateAdd(descriptor_word(unit, LSGPU_TEXTURE_VA_WORD),
                                 b_.CreateAdd(b_.CreateMul(row, pitch), b_.CreateShl(x, 2)));

   BasicBlock *before = b_.GetInsertBlock();
   BasicBlock *in = BasicBlock::Create(ctx_, "image_atomic", fn_);
   BasicBlock *join = BasicBlock::Create(ctx_, "image_atomic_done", fn_);
   b_.CreateCondBr(inside, in, join);
   b_.SetInsertPoint(in);
   const bool swap = intr->intrinsic == nir_intrinsic_image_atomic_swap;
   Value *r = atomic(intr, b_.CreateIntToPtr(address, ptr_), 3, swap);
   if (!r)
      return false;
   r = as_i(r);
   BasicBlock *in_end = b_.GetInsertBlock();
   b_.CreateBr(join);
   b_.SetInsertPoint(join);
   PHINode *result = b_.CreatePHI(i32_, 2);
   result->addIncoming(r, in_end);
   result->addIncoming(zero, before);
   set(&intr->def, 0, result);
   return true;
}

/* lsgpu.tex reads its operands from f0..f10 and writes f28..f31 (docs/isa.md §3.2);
 * the asm constraints name exactly those registers, so LLVM allocates around them. */
bool
Translator::tex(nir_tex_instr *t)
{
   if (t->op == nir_texop_txf || t->op == nir_texop_txf_ms || t->op == nir_texop_txs ||
       t->op == nir_texop_query_levels) {
      Value *unit = b_.getInt32(t->texture_index);
      for (unsigned i = 0; i < t->num_srcs; i++)
         if (t->src[i].src_type == nir_tex_src_texture_offset)
            unit = b_.CreateAdd(unit, geti(t->src[i].src, 0));
      return tex_fetch_or_size(t, unit);
   }
   lsgpu_tex_lod mode;
   switch (t->op) {
   case nir_texop_tex:
      mode =
         nir_->info.stage == MESA_SHADER_FRAGMENT ? LSGPU_TEX_LOD_IMPLICIT : LSGPU_TEX_LOD_EXPLICIT;
      break;
   case nir_texop_txb:
      mode = LSGPU_TEX_LOD_BIAS;
      break;
   case nir_texop_txl:
      mode = LSGPU_TEX_LOD_EXPLICIT;
      break;
   case nir_texop_txd:
      mode = LSGPU_TEX_LOD_GRAD;
      break;
   default:
      return fail(std::string("texture operation ") + std::to_string(t->op) +
                  " LSGPU-1 does not have (GLSL 1.30+)");
   }
   Value *regs[LSGPU_TEX_OPERAND_LAYER + 1] = {};
   Value *unit = b_.getInt32(t->texture_index);
   for (unsigned i = 0; i < t->num_srcs; i++) {
      const nir_src &s = t->src[i].src;
      switch (t->src[i].src_type) {
      case nir_tex_src_coord:
         for (unsigned c = 0; c < t->coord_components && c < 3; c++)
            regs[LSGPU_TEX_OPERAND_S + c] = as_f(get(s, c));
         /* Cube map arrays: the direction, then the cube in f12. */
         if (t->coord_components == 4)
            regs[LSGPU_TEX_OPERAND_LAYER] = as_f(get(s, 3));
         break;
      case nir_tex_src_comparator:
         regs[LSGPU_TEX_OPERAND_REF] = as_f(get(s, 0));
         break;
      case nir_tex_src_bias:
      case nir_tex_src_lod:
         regs[LSGPU_TEX_OPERAND_LOD] = as_f(get(s, 0));
         break;
      case nir_tex_src_ddx:
         for (unsigned c = 0; c < nir_src_num_components(s) && c < 3; c++)
            regs[LSGPU_TEX_OPERAND_DDX_S + c] = as_f(get(s, c));
         break;
      case nir_tex_src_ddy:
         for (unsigned c = 0; c < nir_src_num_components(s) && c < 3; c++)
            regs[LSGPU_TEX_OPERAND_DDY_S + c] = as_f(get(s, c));
         break;
      case nir_tex_src_texture_offset:
      case nir_tex_src_sampler_offset:
         /* GLSL's sampler arrays: texture and sampler index move together. */
         unit = b_.CreateAdd(b_.getInt32(t->texture_index), geti(s, 0));
         break;
      case nir_tex_src_offset: {
         /* lsgpu.tex.offset: signed bytes 0..2 of f11 (docs/isa.md §3.2). */
         Value *packed = b_.getInt32(0);
         for (unsigned c = 0; c < nir_src_num_components(s) && c < 3; c++) {
            Value *byte = b_.CreateAnd(geti(s, c), b_.getInt32(0xff));
            packed = b_.CreateOr(packed, b_.CreateShl(byte, b_.getInt32(8 * c)));
         }
         regs[LSGPU_TEX_OPERAND_OFFSETS] = as_f(packed);
         break;
      }
      default:
         return fail("texture source " + std::to_string(t->src[i].src_type) +
                     " LSGPU-1 does not have");
      }
   }
   if (t->op == nir_texop_tex && mode == LSGPU_TEX_LOD_EXPLICIT)
      regs[LSGPU_TEX_OPERAND_LOD] = ConstantFP::get(f32_, 0.0);

   std::vector<Value *> args = {unit};
   std::string constraints = "={f28},={f29},={f30},={f31},r";
   /* OpenCL pairs textures and samplers freely: the sampler's entry in xs2 ($5). */
   const bool own_sampler = t->sampler_index == t->texture_index;
   if (!own_sampler) {
      args.push_back(b_.getInt32(t->sampler_index));
      constraints += ",r";
   }
   for (unsigned r = 0; r <= LSGPU_TEX_OPERAND_LAYER; r++) {
      if (regs[r]) {
         args.push_back(regs[r]);
         constraints += ",{f" + std::to_string(r) + "}";
      }
   }
   StructType *ret = StructType::get(ctx_, {f32_, f32_, f32_, f32_});
   const bool implicit = mode == LSGPU_TEX_LOD_IMPLICIT || mode == LSGPU_TEX_LOD_BIAS;
   /* $0..$3 are f28..f31, $4 the unit. */
   Value *res = asm_call(
      ret, args,
      insn(LSGPU_XOP_TEX,
           lsgpu_tex_funct7(mode, t->is_shadow, regs[LSGPU_TEX_OPERAND_OFFSETS] != nullptr), "",
           "$4", own_sampler ? "" : "$5"),
      constraints, false, implicit);
   set_texel(&t->def, res, t->dest_type);
   return true;
}

} // namespace

std::unique_ptr<Module>
nir_to_llvm(nir_shader *nir, LLVMContext &ctx, std::string *error)
{
   Translator t(nir, ctx);
   return t.run(error);
}

} // namespace lsgpu
