/**
 * A small, fast, seeded generator (sfc32) with cached Box-Muller normals, for the environment's hot loop:
 * no allocation per draw, the same sequence on every platform.
 */
export class Sfc32 {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;
  private spare = 0;
  private hasSpare = false;

  constructor(seed: number) {
    this.seed(seed);
  }

  /** Restarts the stream from a seed (any finite number; the integer part and a hash of the rest are used). */
  seed(seed: number): void {
    let h = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
    const mix = () => {
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
      h = (h ^ (h >>> 16)) >>> 0;
      h = (h + 0x6d2b79f5) >>> 0;
      return h;
    };
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = 1;
    this.hasSpare = false;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  integer(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Writes `count` standard normals into `out` from its start, in the order `normal()` would draw them. */
  fillNormal(out: Float64Array, count: number): void {
    for (let i = 0; i < count; i++) out[i] = this.normal();
  }

  /** Standard normal. */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u = this.uniform();
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spare = radius * Math.sin(2 * Math.PI * v);
    this.hasSpare = true;
    return radius * Math.cos(2 * Math.PI * v);
  }
}
