/**
 * How a reward structure mixes an agent's own objective with the team reward. `agent` is a consumer's or the
 * producer's (`teamWeight` is the article's weight for its role); `operator` is the operator's, whose own objective
 * already holds the team reward.
 */
export interface RewardMix {
  agent(own: number, team: number, teamWeight: number, alpha: number): number;
  operator(own: number, team: number, alpha: number): number;
}
