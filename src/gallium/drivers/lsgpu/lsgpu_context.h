/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_CONTEXT_H
#define LSGPU_CONTEXT_H

#include "pipe/p_context.h"
#include "pipe/p_state.h"
#include "util/slab.h"
#include "util/u_debug.h"

#include "lsgpu_batch.h"

struct lsgpu_screen;
struct lsgpu_bo;
struct lsgpu_shader_state;

struct lsgpu_vertex_elements {
   unsigned count;
   struct pipe_vertex_element elements[PIPE_MAX_ATTRIBS];
};

/* Constant buffers per stage: the default uniform block and 15 uniform blocks, whose
 * addresses follow the storage buffers' in the buffer table (docs/isa.md §4). */
#define LSGPU_MAX_CONST_BUFFERS 16

/* Bound state. Draws are not executed yet, but st/mesa binds and queries all of it,
 * so the context keeps real copies that the draw path will consume. */
struct lsgpu_bound_state {
   void *blend, *dsa, *rasterizer, *vertex_elements;
   struct lsgpu_shader_state *vs, *fs, *cs;
   struct pipe_framebuffer_state framebuffer;
   struct pipe_blend_color blend_color;
   struct pipe_stencil_ref stencil_ref;
   struct pipe_clip_state clip;
   struct pipe_scissor_state scissor;
   struct pipe_viewport_state viewport;
   struct pipe_poly_stipple stipple;
   unsigned sample_mask;
   /* Slot 0 the default uniforms (a2), 1.. uniform blocks (the buffer table). */
   struct pipe_constant_buffer constbuf[PIPE_SHADER_TYPES][LSGPU_MAX_CONST_BUFFERS];
   struct pipe_vertex_buffer vertex_buffers[PIPE_MAX_ATTRIBS];
   unsigned num_vertex_buffers;
   struct pipe_sampler_view *views[PIPE_SHADER_TYPES][PIPE_MAX_SHADER_SAMPLER_VIEWS];
   void *samplers[PIPE_SHADER_TYPES][PIPE_MAX_SAMPLERS];
   /* Transform feedback (lsgpu_stream_out.cpp), referenced. */
   struct pipe_stream_output_target *so_targets[PIPE_MAX_SO_BUFFERS];
   unsigned num_so_targets;
   enum mesa_prim so_output_prim;
};

/* DISPATCH's limits (src/hw/lsgpu_packets.yaml) and the storage-buffer table's size
 * (st/mesa gives half of a stage's storage buffers to atomic counter buffers). */
#define LSGPU_MAX_WORKGROUP_INVOCATIONS 1024
#define LSGPU_MAX_SHARED_MEMORY         65536
#define LSGPU_MAX_SHADER_BUFFERS        32
#define LSGPU_MAX_SHADER_IMAGES         64 /* entries IMAGE_UNIT_BASE + 0..63 */

/* Storage buffers and images bound to one stage (lsgpu_shader_resources.cpp); the
 * resources are referenced. */
struct lsgpu_shader_resources {
   struct pipe_shader_buffer ssbo[LSGPU_MAX_SHADER_BUFFERS];
   struct pipe_image_view images[LSGPU_MAX_SHADER_IMAGES];
};

/* Compute bindings (lsgpu_compute.cpp). */
struct lsgpu_compute_state {
   std::vector<struct pipe_resource *> globals; /* set_global_binding's, referenced */
};

struct lsgpu_context {
   struct pipe_context base; /* first: pipe_context pointers are lsgpu_context pointers */
   struct lsgpu_screen *screen;
   uint32_t kernel_ctx; /* this context's GPU queue and reset status */
   bool lose_context_on_reset; /* GL robustness asked for: a fault loses the context */
   bool loss_reported;         /* the loss of kernel_ctx was reported (lsgpu_reset.cpp) */
   struct slab_child_pool transfer_pool;
   struct lsgpu_batch batch;
   struct pipe_fence_handle *last_fence; /* fence of the last submitted job */
   struct lsgpu_bound_state state;
   struct lsgpu_compute_state compute;
   struct lsgpu_shader_resources resources[PIPE_SHADER_TYPES];
   struct util_debug_callback debug; /* shader-db statistics go here */
   struct primconvert_context *primconvert; /* quads and polygons → triangles */
   bool queries_active; /* set_active_query_state: draws count samples */
   struct blitter_context *blitter; /* blits that are not plain copies */
   struct pipe_query *cond_query;   /* render_condition */
   bool cond_cond;
   enum pipe_render_cond_flag cond_mode;
};

static inline struct lsgpu_context *
lsgpu_context(struct pipe_context *pctx)
{
   return (struct lsgpu_context *)pctx;
}

struct pipe_context *lsgpu_context_create(struct pipe_screen *pscreen, void *priv, unsigned flags);

/* size bytes of the context's stream uploader at *va, their BO in the batch; NULL
 * when out of memory. */
void *lsgpu_context_upload(struct lsgpu_context *ctx, unsigned size, unsigned align,
                           uint64_t *va);
/* Pixels a job's draws may cover, and vertices they may name, before the next draw
 * starts a new job: about 13 full-screen draws at 320x240, a few dense meshes. */
#define LSGPU_JOB_PIXEL_BUDGET  (1u << 20)
#define LSGPU_JOB_VERTEX_BUDGET (1u << 18)

/* Submits the batch first if one more draw, clear or copy might not fit in a job
 * (LSGPU_MAX_CMDS_SIZE, LSGPU_MAX_BO_HANDLES, LSGPU_JOB_PIXEL_BUDGET); call before
 * recording one. */
void lsgpu_context_reserve_batch(struct lsgpu_context *ctx);
/* lsgpu_reset.cpp: get_device_reset_status; lsgpu_context_lost after a submission
 * failed with ECANCELED reports the fault once and, unless GL asked to lose the
 * context on a reset, moves it to a new kernel context (true: submit again). */
void lsgpu_reset_init(struct pipe_context *pctx, unsigned flags);
bool lsgpu_context_lost(struct lsgpu_context *ctx);

/* Submits the recorded batch, if any. */
void lsgpu_context_flush_batch(struct lsgpu_context *ctx);
/* Submits the batch if it uses bo, so that CPU access after a wait sees its results. */
void lsgpu_context_flush_for_bo(struct lsgpu_context *ctx, struct lsgpu_bo *bo);

void lsgpu_state_init(struct pipe_context *pctx);
void lsgpu_state_fini(struct lsgpu_context *ctx);
void lsgpu_clear_init(struct pipe_context *pctx);
void lsgpu_compute_init(struct pipe_context *pctx);
/* A buffer's GPU address at offset, its BO added to the batch (lsgpu_draw.cpp). */
uint64_t lsgpu_buffer_va(struct lsgpu_context *ctx, struct pipe_resource *prsc, unsigned offset);
/* Constant buffer `index` of a stage in GPU memory (user constants are uploaded), 0
 * when none is bound; false when out of memory. */
bool lsgpu_constants(struct lsgpu_context *ctx, enum pipe_shader_type stage, unsigned index,
                     uint64_t *va);
void lsgpu_compute_fini(struct lsgpu_context *ctx);
void lsgpu_shader_resources_init(struct pipe_context *pctx);
void lsgpu_shader_resources_fini(struct lsgpu_context *ctx);
/* The buffer table of a stage in upload memory (word n: storage buffer n's address,
 * word BUFFER_TABLE_UBO_BASE + n - 1: uniform block n's; docs/isa.md §4), its buffers
 * in the batch; *va is 0 when none is bound. false when out of memory. */
bool lsgpu_emit_buffer_table(struct lsgpu_context *ctx, enum pipe_shader_type stage, uint64_t *va);
void lsgpu_query_init(struct pipe_context *pctx);
/* pipe_screen::get_driver_query_info: GALLIUM_HUD's GPU-time. */
int lsgpu_get_driver_query_info(struct pipe_screen *pscreen, unsigned index,
                                struct pipe_driver_query_info *info);
void lsgpu_stream_out_init(struct pipe_context *pctx);
void lsgpu_stream_out_fini(struct lsgpu_context *ctx);
/* The STREAM_OUT descriptor of a draw in upload memory, its buffers in the batch: *va
 * is 0 when no transform feedback is active; false when out of memory. */
bool lsgpu_emit_stream_out(struct lsgpu_context *ctx, uint64_t *va);
/* Vertices a transform feedback target holds (glDrawTransformFeedback), read back
 * after its writer job completes. */
unsigned lsgpu_stream_out_vertex_count(struct lsgpu_context *ctx,
                                       struct pipe_stream_output_target *target);
/* false when a render condition is set and says to skip rendering. */
bool lsgpu_render_condition_passes(struct lsgpu_context *ctx);
/* After every other init: u_blitter creates its CSOs through the context. */
void lsgpu_blit_init(struct pipe_context *pctx);
void lsgpu_blit_fini(struct lsgpu_context *ctx);
void lsgpu_transfer_init(struct pipe_context *pctx);
void lsgpu_program_init(struct pipe_context *pctx);
/* LSGPU_DEBUG=cmdstream: prints the batch's packets and descriptors to stderr. */
void lsgpu_dump_cmdstream(const struct lsgpu_batch *batch);
void lsgpu_draw_vbo(struct pipe_context *pctx, const struct pipe_draw_info *info,
                    unsigned drawid_offset, const struct pipe_draw_indirect_info *indirect,
                    const struct pipe_draw_start_count_bias *draws, unsigned num_draws);

#endif
