// known wrong: changes points_mut to hand out an index instead of a &mut, which dodges the borrow the lesson is about
// borrow3.rs — only one mutable borrow at a time (E0499)
//
// A board-game café keeps a scoreboard. `points_mut` hands out a mutable
// reference to one player's points (adding the player if needed).
// `record_game` grabs the winner's points AND the loser's points first, and
// only then updates both. While the first `&mut` is still going to be used,
// the scoreboard is exclusively lent out, and the second call to
// `points_mut` is refused.
//
// Fix `record_game` so the tests pass. Don't change `Scoreboard`,
// `points_mut` or the tests (the scoreboard cannot be cloned).

pub struct Scoreboard {
    pub players: Vec<(String, i32)>,
}

impl Scoreboard {
    pub fn points_mut(&mut self, name: &str) -> usize {
        let index = match self.players.iter().position(|(n, _)| n == name) {
            Some(i) => i,
            None => {
                self.players.push((name.to_string(), 0));
                self.players.len() - 1
            }
        };
        index
    }
}

pub fn record_game(board: &mut Scoreboard, winner: &str, loser: &str) {
    let w = board.points_mut(winner);
    let l = board.points_mut(loser);
    board.players[w].1 += 3;
    board.players[l].1 -= 1;
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_games() {
        let mut board = Scoreboard { players: Vec::new() };
        record_game(&mut board, "Yuki", "Marek");
        record_game(&mut board, "Marek", "Ada");
        assert_eq!(board.players, [(String::from("Yuki"), 3), (String::from("Marek"), 2), (String::from("Ada"), -1)]);
    }
}
