//! Hearing that another workstation changed the desk: a connection of its own that listens for
//! the doorbell every appending transaction rings at its commit (`003_doorbell.sql`).

use postgres::fallible_iterator::FallibleIterator;
use postgres::Client;
use std::time::Duration;

use super::connect::connect;
use crate::error::{Error, Result};

pub struct Doorbell {
    client: Client,
}

impl Doorbell {
    /// Listens on the desk at `address` (a primary: a standby or a pooler in transaction mode
    /// does not deliver notifications).
    pub fn open(address: &str) -> Result<Doorbell> {
        let mut client = connect(address)?;
        client.batch_execute("LISTEN baton_desk")?;
        Ok(Doorbell { client })
    }

    /// Waits up to `timeout` for the desk to change: true when it did (any number of rings
    /// since the last wait count once), false when nothing happened. An error means the
    /// connection is lost: open a new doorbell, and treat the desk as changed meanwhile.
    pub fn wait(&mut self, timeout: Duration) -> Result<bool> {
        let rang = {
            let mut rings = self.client.notifications();
            let rang = rings.timeout_iter(timeout).next()?.is_some();
            // Rings that came together are one change to read.
            while rings.iter().next()?.is_some() {}
            rang
        };
        // A connection the server closed ends the rings as quietly as a timeout does.
        if !rang && self.client.is_closed() {
            return Err(Error::Unreachable(
                "the desk's server closed the connection".into(),
            ));
        }
        Ok(rang)
    }
}
