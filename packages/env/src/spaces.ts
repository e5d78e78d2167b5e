/** A discrete action space: integers 0 .. n-1. */
export interface DiscreteSpace {
  type: "discrete";
  n: number;
}

/** A box: a real vector of `shape`, each entry in [low, high]. */
export interface BoxSpace {
  type: "box";
  shape: number[];
  low: number;
  high: number;
}

export type Space = DiscreteSpace | BoxSpace;
