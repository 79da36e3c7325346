/* SPDX-License-Identifier: MIT */
/* The reference scenes kept in files of their own, and the helpers they share with
 * lsgpu_scene.cpp. Each scene draws into the current 128×128 framebuffer. */
#ifndef LSGPU_SCENES_H
#define LSGPU_SCENES_H

#include <GL/gl.h>

#include "gl_program.h"

namespace lsgpu::scene
{

using lsgpu::link_program; /* gl_program.h: errors show as a wrong image */
using lsgpu::unlinked_program;
/* Draws the rectangle (x0, y0)..(x1, y1) in clip coordinates as a triangle strip
 * through the current program's "position" attribute (a client array). */
void draw_rect(GLuint prog, float x0, float y0, float x1, float y1);
/* A GLSL 1.20 vertex shader that passes its "position" attribute on as clip
 * coordinates (z 0, w 1). */
extern const char *const kPositionVs;

/* Block-compressed textures: every S3TC, RGTC/LATC and ETC2/EAC format. */
void compressed();
/* texelFetch from buffer textures of several formats, whole and at an offset. */
void buffer_texture();
/* Every varying slot in use: 15 varyings, two-sided colours, six clip planes, edge
 * flags. */
void varyings();
/* Vertex attributes, draw counts and a uniform array read outside their buffers and
 * bounds: zeros, no fault. */
void out_of_bounds();
/* Fragments numbered by a storage-buffer atomic, and a local array on the stack: the same
 * image for any number of host threads, not compared with another driver. */
void fragment_order();
/* A vertex buffer filled by glBufferSubData between draws: new ranges, and one range
 * rewritten while draws read it. */
void buffer_subdata();

} // namespace lsgpu::scene

#endif
