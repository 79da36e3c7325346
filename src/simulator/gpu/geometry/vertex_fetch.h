/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_VERTEX_FETCH_H
#define LSGPU_SIM_VERTEX_FETCH_H

#include <cstddef>
#include <cstdint>

#include "lsgpu_packets.h"

namespace lsgpu::sim
{

class AddressSpace;

/* Vertex fetch: reads element e of a vertex and converts it to the four 32-bit words
 * of a vertex-shader input slot (floats as bits; missing components 0, 0, 0, 1.0).
 * *outside (if given) tells whether the element lay outside its buffer and read
 * (0, 0, 0, 1) instead (robust buffer access, counted as ROBUST_ACCESSES). */
lsgpu_fault vertex_fetch(const AddressSpace &as, const lsgpu_vertex_element &element,
                         uint32_t vertex_id, uint32_t instance_id, uint32_t out[4],
                         uint32_t first_instance = 0, bool *outside = nullptr,
                         const uint8_t *buffer = nullptr);

/* Vertex fetch of element e for n vertices at once (vertex_ids[0 .. n-1], not
 * instanced), lane l's words to out + l * out_stride bytes, when e's format is one whose
 * words are copied as they are (32-bit floats and integers), its buffer is known and
 * every vertex lies inside it: the same words as vertex_fetch, without its per-vertex
 * checks and format dispatch. Returns false, having written nothing, otherwise. */
bool vertex_fetch_copy(const lsgpu_vertex_element &element, const uint8_t *buffer,
                       const uint32_t *vertex_ids, unsigned n, uint32_t *out, size_t out_stride);

/* Where the element's whole buffer, [va, va + size), lies in host memory when one
 * readable mapping holds it, else nullptr: vertex_fetch's `buffer`, found once for many
 * vertices rather than translated per vertex. Records no fault. */
const uint8_t *vertex_buffer_host(const AddressSpace &as, const lsgpu_vertex_element &element);

} // namespace lsgpu::sim

#endif
