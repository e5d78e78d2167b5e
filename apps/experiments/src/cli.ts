console.log("grid");
