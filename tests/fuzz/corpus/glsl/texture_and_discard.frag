#version 120
uniform sampler2D tex;
uniform vec4 uv;
varying vec4 w0;
varying vec2 w1;
vec4 shade(vec2 p) {
   vec4 t = texture2D(tex, p * uv.xy + uv.zw);
   if (t.a < 0.25) discard;
   return t * w0;
}
void main() {
   vec2 d = vec2(dFdx(w1.x), dFdy(w1.y));
   gl_FragColor = shade(w1 + d) + texture2D(tex, w1, 3.0) * 0.0;
}
